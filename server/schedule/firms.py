"""Firms as the scheduler knows them: imported from a config file with their schedules and alert
channels (``supportcheck firms import``), listed with their next due time and last run
(``supportcheck firms list``), and read back as the configuration a worker crawls.

A tag of firms (``sector=bank``) may have a schedule too: each firm carrying it and no schedule of
its own gets a schedule row that follows the tag (``Schedule.tag``), so the scheduler still works
firm by firm. The API and the dashboard change schedules and channels through the same functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from checker.config import AlertChannel as AlertChannelConfig
from checker.config import FirmConfig, ScheduleConfig
from checker.config import TagSchedule as TagScheduleConfig
from server.schedule.cron import jitter_offset, next_due
from server.store.crawl_firms import store_firm
from server.store.models import AlertChannel, Firm, Run, Schedule, TagSchedule


@dataclass(frozen=True)
class ImportCounts:
    """What an import changed."""

    firms: int
    scheduled: int
    paused: int
    alert_channels: int
    tag_schedules: int = 0


def _timing(schedule: ScheduleConfig) -> tuple[str, str, int, bool]:
    return schedule.cron, schedule.timezone, schedule.jitter, schedule.paused


def _apply_schedule(
    session: Session, firm: Firm, wanted: ScheduleConfig | None, now: datetime, tag: str | None = None
) -> None:
    """Sets the firm's schedule row; ``next_due_at`` is recomputed only when the timing changed."""
    current = firm.schedule
    if wanted is None:
        if current is not None:
            session.delete(current)
            firm.schedule = None
        return
    if current is None:
        current = Schedule(firm=firm)
        session.add(current)
    current.tag = tag
    timing = _timing(wanted)
    unchanged = (current.cron, current.timezone, current.jitter_s, current.paused) == timing
    if unchanged and (current.next_due_at is not None or wanted.paused):
        return
    current.cron, current.timezone, current.jitter_s, current.paused = timing
    current.updated_at = now
    offset = jitter_offset(firm.slug, wanted.jitter)
    current.next_due_at = None if wanted.paused else next_due(wanted.cron, wanted.timezone, offset, now)


def tag_schedule_config(row: TagSchedule) -> ScheduleConfig:
    return ScheduleConfig(cron=row.cron, timezone=row.timezone, jitter=row.jitter_s, paused=row.paused)


def follow_tags(session: Session, firms: list[Firm], now: datetime) -> None:
    """Gives each firm without a schedule of its own the schedule of its first scheduled tag, or none."""
    session.flush()
    rows = session.scalars(select(TagSchedule).order_by(TagSchedule.id)).all()
    for firm in firms:
        session.refresh(firm, ["schedule"])
        if firm.schedule is not None and firm.schedule.tag is None:
            continue  # its own schedule wins over any tag's
        row = next((row for row in rows if row.tag in firm.tag_names), None)
        if row is None:
            _apply_schedule(session, firm, None, now)
        else:
            _apply_schedule(session, firm, tag_schedule_config(row), now, tag=row.tag)


def set_firm_schedule(session: Session, firm: Firm, wanted: ScheduleConfig | None, now: datetime) -> None:
    """Sets the firm's own schedule; without one it follows its tags again. The caller commits."""
    if wanted is not None:
        _apply_schedule(session, firm, wanted, now)
        return
    if firm.schedule is not None and firm.schedule.tag is None:
        _apply_schedule(session, firm, None, now)
    follow_tags(session, [firm], now)


def set_tag_schedule(session: Session, tag: str, wanted: ScheduleConfig | None, now: datetime) -> int:
    """Sets (or with None removes) a tag's schedule and applies it to the tag's firms; returns how many."""
    row = session.scalar(select(TagSchedule).where(TagSchedule.tag == tag))
    if wanted is None and row is not None:
        session.delete(row)
    elif wanted is not None:
        if row is None:
            row = TagSchedule(tag=tag)
            session.add(row)
        row.cron, row.timezone, row.jitter_s, row.paused = _timing(wanted)
        row.updated_at = now
    key, _, value = tag.partition("=")
    tagged = [firm for firm in session.scalars(select(Firm)) if firm.tags.get(key) == value]
    follow_tags(session, tagged, now)
    return len(tagged)


def add_channel(
    session: Session, channel: AlertChannelConfig, *, firm: Firm | None = None, tag: str | None = None
) -> AlertChannel:
    """Adds one alert channel to a firm or to a tag. The caller commits."""
    row = AlertChannel(
        firm_id=firm.id if firm is not None else None,
        tag=None if firm is not None else tag,
        kind=channel.kind,
        target=channel.target,
        secret_env=channel.secret_env or "",
        rules=list(channel.rules),
        min_impact=channel.min_impact,
        confirm_runs=channel.confirm_runs,
        digest=channel.digest,
    )
    session.add(row)
    if firm is not None:
        session.expire(firm, ["alert_channels"])
    return row


def set_channels(
    session: Session,
    channels: Sequence[AlertChannelConfig],
    *,
    firm: Firm | None = None,
    tag: str | None = None,
) -> None:
    """Makes the alert channels of a firm or of a tag ``channels``. The caller commits.

    A channel already there (same kind and target) is updated in place, so its outbox and
    delivery history stay, and a run it already reported is not reported again after the firms
    file is imported anew; channels the file no longer names are removed.
    """
    owner = AlertChannel.firm_id == firm.id if firm is not None else AlertChannel.tag == tag
    existing = {(row.kind, row.target): row for row in session.scalars(select(AlertChannel).where(owner))}
    for channel in channels:
        row = existing.pop((channel.kind, channel.target), None)
        if row is None:
            add_channel(session, channel, firm=firm, tag=tag)
            continue
        row.secret_env = channel.secret_env or ""
        row.rules = list(channel.rules)
        row.min_impact = channel.min_impact
        row.confirm_runs = channel.confirm_runs
        row.digest = channel.digest
    if existing:
        gone = [row.id for row in existing.values()]
        session.execute(delete(AlertChannel).where(AlertChannel.id.in_(gone)))
        if firm is not None:
            session.expire(firm, ["alert_channels"])


def import_firms(
    session: Session, firms: list[FirmConfig], now: datetime, tag_schedules: Sequence[TagScheduleConfig] = ()
) -> ImportCounts:
    """Creates or updates each firm, its schedule and alert channels, and the file's tag schedules, in
    one transaction; crawls nothing. A tag named in the file gets exactly the schedule and channels
    the file gives it; tags it does not name are left as they were."""
    for entry in tag_schedules:
        set_tag_schedule(session, entry.tag, entry.schedule, now)
        set_channels(session, entry.alerts, tag=entry.tag)
    stored = []
    for config in firms:
        firm = store_firm(session, config)
        session.refresh(firm, ["schedule"])
        set_firm_schedule(session, firm, config.schedule, now)
        set_channels(session, config.alerts, firm=firm)
        stored.append(firm)
    session.commit()
    schedules = [firm.schedule for firm in stored if firm.schedule is not None]
    return ImportCounts(
        firms=len(firms),
        scheduled=sum(not schedule.paused for schedule in schedules),
        paused=sum(schedule.paused for schedule in schedules),
        alert_channels=sum(len(config.alerts) for config in firms)
        + sum(len(entry.alerts) for entry in tag_schedules),
        tag_schedules=len(tag_schedules),
    )


def firm_config(firm: Firm) -> FirmConfig:
    """The configuration a stored firm was imported with, to crawl it as ``supportcheck crawl`` would.

    Raises:
        pydantic.ValidationError: the stored firm is not scannable (no entry URL, an unknown locale).
    """
    declared = {
        "name": firm.name,
        "entry_urls": firm.entry_urls,
        "apps": firm.apps,
        "tags": firm.tags,
        "proxies": firm.proxies,
        "settings": firm.settings,
    }
    return FirmConfig.model_validate({**declared, "locales": firm.locales} if firm.locales else declared)


@dataclass(frozen=True)
class FirmLine:
    """One line of ``supportcheck firms list``."""

    name: str
    schedule: str
    next_due_at: datetime | None
    last_run: str


def list_firms(session: Session) -> list[FirmLine]:
    """Every firm by name, with its schedule, next due time and latest run (two queries in all)."""
    latest = select(Run.firm_id, func.max(Run.id).label("run_id")).group_by(Run.firm_id).subquery()
    runs = {run.firm_id: run for run in session.scalars(select(Run).join(latest, Run.id == latest.c.run_id))}
    lines = []
    for firm, schedule in session.execute(
        select(Firm, Schedule).outerjoin(Schedule, Schedule.firm_id == Firm.id).order_by(Firm.name)
    ):
        described = "-"
        if schedule is not None:
            described = f"{schedule.cron} ({schedule.timezone}" + (
                f", jitter {schedule.jitter_s}s)" if schedule.jitter_s else ")"
            )
            described += " paused" if schedule.paused else ""
            described += f" (tag {schedule.tag})" if schedule.tag else ""
        run = runs.get(firm.id)
        last = "-" if run is None else f"run {run.id} {run.status} {run.started_at:%Y-%m-%d %H:%M} UTC"
        lines.append(FirmLine(firm.name, described, schedule.next_due_at if schedule else None, last))
    return lines
