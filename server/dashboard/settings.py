"""A firm's schedule and alert channels on the dashboard, and a tag's schedule: seen by readers,
changed by writers, and the "run now" button. Every POST here needs a logged-in user with
``write`` and the form's CSRF token (the auth hooks check both before the view runs)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import delete, select

from checker.config import IMPACTS, ScheduleConfig, TagName
from checker.config import AlertChannel as AlertChannelConfig
from checker.ssrf import BlockedTarget
from server.alerts.changes import channels_of
from server.dashboard._blueprint import dashboard_blueprint
from server.dashboard.queries import firm_by_slug
from server.scans.jobs import ScanInProgress
from server.scans.start import request_scan
from server.schedule import clock
from server.schedule.firms import add_channel, set_firm_schedule, set_tag_schedule
from server.store.models import AlertChannel, Firm, Run, TagSchedule
from server.store_session import store_session

MAX_FIELD = 2000


def _firm(slug: str) -> Firm:
    found = firm_by_slug(store_session(), slug)
    if found is None:
        abort(404, f"there is no firm {slug!r}")
    return found


def _field(name: str) -> str:
    return request.form.get(name, "").strip()[:MAX_FIELD]


def _given(*names: str) -> dict[str, str]:
    """The optional fields the form filled in (an empty one keeps the model's default)."""
    return {name: _field(name) for name in names if _field(name)}


def _problems(error: ValidationError) -> list[str]:
    return [
        f"{'.'.join(str(part) for part in item['loc']) or 'form'}: {item['msg']}"
        for item in error.errors(include_url=False, include_input=False)
    ]


def _settings_page(firm: Firm, problems: list[str] | None = None, status: int = 200) -> ResponseReturnValue:
    session = store_session()
    page = render_template(
        "dashboard/firm_settings.html",
        firm=firm,
        schedule=firm.schedule,
        channels=channels_of(session, firm),
        impacts=IMPACTS,
        problems=problems or [],
        form=request.form if problems else {},
    )
    return page, status


@dashboard_blueprint.get("/firms/<slug>/settings")
def firm_settings(slug: str) -> ResponseReturnValue:
    """The firm's schedule (its own or its tag's) and alert channels, with forms for writers."""
    return _settings_page(_firm(slug))


def _schedule_from_form() -> ScheduleConfig | None:
    """The schedule the form asks for; None for its "remove" button.

    Raises:
        ValidationError: the form's cron line, time zone or jitter is wrong.
    """
    if "remove" in request.form:
        return None
    fields = {"cron": _field("cron"), "paused": "paused" in request.form, **_given("timezone", "jitter")}
    return ScheduleConfig.model_validate(fields)


@dashboard_blueprint.post("/firms/<slug>/schedule")
def save_schedule(slug: str) -> ResponseReturnValue:
    """Sets the firm's own schedule, or with ``remove`` drops it (it follows its tags again)."""
    firm = _firm(slug)
    try:
        wanted = _schedule_from_form()
    except ValidationError as error:
        return _settings_page(firm, _problems(error), 422)
    session = store_session()
    set_firm_schedule(session, firm, wanted, clock.now())
    session.commit()
    flash("Schedule saved." if wanted else "The firm's own schedule was removed.")
    return redirect(url_for("dashboard.firm_settings", slug=slug), 303)


def _tag(text: str) -> str:
    try:
        return TypeAdapter(TagName).validate_python(text)
    except ValidationError:
        abort(404, f"{text!r} is not a tag: tags are key=value, e.g. sector=bank")


def _tag_page(tag: str, problems: list[str] | None = None, status: int = 200) -> ResponseReturnValue:
    session = store_session()
    key, _, value = tag.partition("=")
    firms = [
        firm for firm in session.scalars(select(Firm).order_by(Firm.name)) if firm.tags.get(key) == value
    ]
    page = render_template(
        "dashboard/tag_settings.html",
        tag=tag,
        schedule=session.scalar(select(TagSchedule).where(TagSchedule.tag == tag)),
        firms=firms,
        problems=problems or [],
        form=request.form if problems else {},
    )
    return page, status


@dashboard_blueprint.get("/tags/<tag>/settings")
def tag_settings(tag: str) -> ResponseReturnValue:
    """A tag's schedule and the firms carrying the tag, with the schedule form for writers."""
    return _tag_page(_tag(tag))


@dashboard_blueprint.post("/tags/<tag>/schedule")
def save_tag_schedule(tag: str) -> ResponseReturnValue:
    """Sets the tag's schedule (its firms without one of their own follow it), or removes it."""
    name = _tag(tag)
    try:
        wanted = _schedule_from_form()
    except ValidationError as error:
        return _tag_page(name, _problems(error), 422)
    session = store_session()
    followers = set_tag_schedule(session, name, wanted, clock.now())
    session.commit()
    flash(
        f"Schedule saved; {followers} firm(s) carry the tag."
        if wanted
        else "The tag's schedule was removed; its firms follow another tag or their own schedule, if any."
    )
    return redirect(url_for("dashboard.tag_settings", tag=name), 303)


@dashboard_blueprint.post("/firms/<slug>/alerts")
def add_alert_channel(slug: str) -> ResponseReturnValue:
    """Adds one alert channel (e-mail or webhook) to the firm."""
    firm = _firm(slug)
    kind = _field("kind") if _field("kind") in ("email", "webhook") else "email"
    fields: dict[str, Any] = {
        kind: _field("target"),
        "rules": [rule.strip() for rule in _field("rules").split(",") if rule.strip()],
        "confirm_runs": _field("confirm_runs") or 1,
        "digest": "digest" in request.form,
        **_given("secret_env", "min_impact"),
    }
    try:
        channel = AlertChannelConfig.model_validate(fields)
    except ValidationError as error:
        return _settings_page(firm, _problems(error), 422)
    session = store_session()
    add_channel(session, channel, firm=firm)
    session.commit()
    flash(f"Alert channel {channel.target} added.")
    return redirect(url_for("dashboard.firm_settings", slug=slug), 303)


@dashboard_blueprint.post("/firms/<slug>/alerts/<int:channel_id>/delete")
def delete_alert_channel(slug: str, channel_id: int) -> ResponseReturnValue:
    """Removes one of the firm's own channels (a tag's channels are changed for the whole tag)."""
    firm = _firm(slug)
    session = store_session()
    removed = session.execute(
        delete(AlertChannel).where(AlertChannel.id == channel_id, AlertChannel.firm_id == firm.id)
    )
    if getattr(removed, "rowcount", 0) != 1:
        abort(404, f"{firm.name} has no alert channel {channel_id}")
    session.commit()
    flash("Alert channel removed.")
    return redirect(url_for("dashboard.firm_settings", slug=slug), 303)


@dashboard_blueprint.post("/firms/<slug>/run")
def run_now(slug: str) -> ResponseReturnValue:
    """Queues one run of the firm; a firm with a run queued or running gets a 409 page saying which."""
    firm = _firm(slug)
    session = store_session()
    try:
        started = request_scan(session, firm)
    except ScanInProgress as error:
        active = session.get(Run, error.run_id) if error.run_id is not None else None
        return render_template("dashboard/run_busy.html", firm=firm, run=active, now=clock.now()), 409
    except (BlockedTarget, ValueError) as error:
        return render_template("dashboard/run_refused.html", firm=firm, reason=str(error)), 422
    flash(f"Run #{started.run_id} of {firm.name} is {started.status}.")
    return redirect(url_for("dashboard.queue"), 303)
