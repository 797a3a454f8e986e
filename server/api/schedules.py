"""``/api/v1/firms/{slug}/schedule`` and ``/alerts``, ``/api/v1/tags/{tag}/schedule`` and ``/alerts``:
when firms (or a tag of firms) are crawled again, and who hears of changes.

Bodies are the firm file's own blocks, validated by the same models (``checker.config``), so a
schedule the API accepts is one ``firms import`` would accept, and the other way round.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask.typing import ResponseReturnValue
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from checker.config import AlertChannel as AlertChannelConfig
from checker.config import ScheduleConfig, TagName
from server.alerts.changes import channels_of
from server.api._blueprint import api_blueprint
from server.api.errors import ApiError
from server.api.inputs import json_object, validated
from server.api.queries import firm_by_slug
from server.schedule import clock
from server.schedule.firms import set_channels, set_firm_schedule, set_tag_schedule
from server.store.models import AlertChannel, Schedule, TagSchedule
from server.store_session import store_session

MAX_CHANNELS = 20


class ChannelList(BaseModel):
    """``PUT .../alerts``: the whole list of channels, as ``alerts:`` in a firm file."""

    model_config = ConfigDict(extra="forbid")
    channels: list[AlertChannelConfig] = Field(max_length=MAX_CHANNELS)


def _time(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def schedule_json(schedule: Schedule | TagSchedule) -> dict[str, Any]:
    body: dict[str, Any] = {
        "cron": schedule.cron,
        "timezone": schedule.timezone,
        "jitter": schedule.jitter_s,
        "paused": schedule.paused,
        "updated_at": _time(schedule.updated_at),
    }
    if isinstance(schedule, Schedule):
        body.update(
            tag=schedule.tag,
            next_due_at=_time(schedule.next_due_at),
            last_queued_at=_time(schedule.last_queued_at),
        )
    return body


def channel_json(channel: AlertChannel) -> dict[str, Any]:
    return {
        "id": channel.id,
        channel.kind: channel.target,
        "secret_env": channel.secret_env or None,
        "rules": channel.rules,
        "min_impact": channel.min_impact,
        "confirm_runs": channel.confirm_runs,
        "digest": channel.digest,
        "tag": channel.tag,
    }


def _tag(text: str) -> str:
    try:
        return TypeAdapter(TagName).validate_python(text)
    except ValidationError as error:
        raise ApiError(
            400, "bad_request", f"{text!r} is not a tag: write key=value, e.g. sector=bank"
        ) from error


def _tag_schedule(session: Session, tag: str) -> TagSchedule:
    row = session.scalar(select(TagSchedule).where(TagSchedule.tag == tag))
    if row is None:
        raise ApiError(404, "not_found", f"the tag {tag} has no schedule")
    return row


def _tag_channels(session: Session, tag: str) -> list[AlertChannel]:
    return list(
        session.scalars(select(AlertChannel).where(AlertChannel.tag == tag).order_by(AlertChannel.id))
    )


@api_blueprint.get("/firms/<slug>/schedule")
def get_firm_schedule(slug: str) -> ResponseReturnValue:
    """The firm's schedule, its own or its tag's (``tag`` says which); 404 when it has none."""
    firm = firm_by_slug(store_session(), slug)
    if firm.schedule is None:
        raise ApiError(404, "not_found", f"{firm.name} has no schedule: it is crawled only when asked")
    return jsonify(schedule_json(firm.schedule))


@api_blueprint.put("/firms/<slug>/schedule")
def put_firm_schedule(slug: str) -> ResponseReturnValue:
    """Gives the firm a schedule of its own (over any tag's); ``next_due_at`` moves if the timing did."""
    wanted = validated(ScheduleConfig, json_object())
    session = store_session()
    firm = firm_by_slug(session, slug)
    set_firm_schedule(session, firm, wanted, clock.now())
    session.commit()
    assert firm.schedule is not None
    return jsonify(schedule_json(firm.schedule))


@api_blueprint.delete("/firms/<slug>/schedule")
def delete_firm_schedule(slug: str) -> ResponseReturnValue:
    """Removes the firm's own schedule; it follows its tag's schedule again, if a tag has one."""
    session = store_session()
    firm = firm_by_slug(session, slug)
    set_firm_schedule(session, firm, None, clock.now())
    session.commit()
    return "", 204


@api_blueprint.get("/firms/<slug>/alerts")
def get_firm_alerts(slug: str) -> ResponseReturnValue:
    """The firm's alert channels, then those of its tags (``tag`` set, changed under ``/tags``)."""
    session = store_session()
    return jsonify(
        items=[channel_json(channel) for channel in channels_of(session, firm_by_slug(session, slug))]
    )


@api_blueprint.put("/firms/<slug>/alerts")
def put_firm_alerts(slug: str) -> ResponseReturnValue:
    """Replaces the firm's own alert channels with ``channels``."""
    wanted = validated(ChannelList, json_object())
    session = store_session()
    firm = firm_by_slug(session, slug)
    set_channels(session, wanted.channels, firm=firm)
    session.commit()
    return jsonify(items=[channel_json(channel) for channel in firm.alert_channels])


@api_blueprint.get("/tags/<tag>/schedule")
def get_tag_schedule(tag: str) -> ResponseReturnValue:
    return jsonify({"tag": _tag(tag), **schedule_json(_tag_schedule(store_session(), _tag(tag)))})


@api_blueprint.put("/tags/<tag>/schedule")
def put_tag_schedule(tag: str) -> ResponseReturnValue:
    """Sets the tag's schedule; every firm with the tag and no schedule of its own follows it."""
    name = _tag(tag)
    wanted = validated(ScheduleConfig, json_object())
    session = store_session()
    followers = set_tag_schedule(session, name, wanted, clock.now())
    session.commit()
    return jsonify({"tag": name, **schedule_json(_tag_schedule(session, name)), "firms": followers})


@api_blueprint.delete("/tags/<tag>/schedule")
def delete_tag_schedule(tag: str) -> ResponseReturnValue:
    """Removes the tag's schedule; its followers are left unscheduled (or follow another tag)."""
    name = _tag(tag)
    session = store_session()
    _tag_schedule(session, name)
    set_tag_schedule(session, name, None, clock.now())
    session.commit()
    return "", 204


@api_blueprint.get("/tags/<tag>/alerts")
def get_tag_alerts(tag: str) -> ResponseReturnValue:
    return jsonify(items=[channel_json(channel) for channel in _tag_channels(store_session(), _tag(tag))])


@api_blueprint.put("/tags/<tag>/alerts")
def put_tag_alerts(tag: str) -> ResponseReturnValue:
    """Replaces the tag's alert channels: they hear of every firm carrying the tag."""
    name = _tag(tag)
    wanted = validated(ChannelList, json_object())
    session = store_session()
    set_channels(session, wanted.channels, tag=name)
    session.commit()
    return jsonify(items=[channel_json(channel) for channel in _tag_channels(session, name)])
