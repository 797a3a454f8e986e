"""Firms as the scheduler knows them: imported from a config file with their schedules and alert
channels (``supportcheck firms import``), listed with their next due time and last run
(``supportcheck firms list``), and read back as the configuration a worker crawls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from checker.config import FirmConfig, ScheduleConfig
from server.schedule.cron import jitter_offset, next_due
from server.store.crawl_firms import store_firm
from server.store.models import AlertChannel, Firm, Run, Schedule


@dataclass(frozen=True)
class ImportCounts:
    """What an import changed."""

    firms: int
    scheduled: int
    paused: int
    alert_channels: int


def _apply_schedule(session: Session, firm: Firm, wanted: ScheduleConfig | None, now: datetime) -> None:
    """Sets the firm's schedule; ``next_due_at`` is recomputed only when the timing changed."""
    current = firm.schedule
    if wanted is None:
        if current is not None:
            session.delete(current)
        return
    if current is None:
        current = Schedule(firm=firm)
        session.add(current)
    timing = (wanted.cron, wanted.timezone, wanted.jitter, wanted.paused)
    unchanged = (current.cron, current.timezone, current.jitter_s, current.paused) == timing
    if unchanged and (current.next_due_at is not None or wanted.paused):
        return
    current.cron, current.timezone, current.jitter_s, current.paused = timing
    current.updated_at = now
    offset = jitter_offset(firm.slug, wanted.jitter)
    current.next_due_at = None if wanted.paused else next_due(wanted.cron, wanted.timezone, offset, now)


def _apply_alerts(session: Session, firm: Firm, config: FirmConfig) -> None:
    session.execute(delete(AlertChannel).where(AlertChannel.firm_id == firm.id))
    for channel in config.alerts:
        session.add(
            AlertChannel(
                firm_id=firm.id,
                kind=channel.kind,
                target=channel.target,
                secret_env=channel.secret_env or "",
                rules=list(channel.rules),
                min_impact=channel.min_impact,
            )
        )


def import_firms(session: Session, firms: list[FirmConfig], now: datetime) -> ImportCounts:
    """Creates or updates each firm, its schedule and alert channels, in one transaction; crawls nothing."""
    for config in firms:
        firm = store_firm(session, config)
        session.refresh(firm, ["schedule"])
        _apply_schedule(session, firm, config.schedule, now)
        _apply_alerts(session, firm, config)
    session.commit()
    schedules = [config.schedule for config in firms if config.schedule is not None]
    return ImportCounts(
        firms=len(firms),
        scheduled=sum(not schedule.paused for schedule in schedules),
        paused=sum(schedule.paused for schedule in schedules),
        alert_channels=sum(len(config.alerts) for config in firms),
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
        run = runs.get(firm.id)
        last = "-" if run is None else f"run {run.id} {run.status} {run.started_at:%Y-%m-%d %H:%M} UTC"
        lines.append(FirmLine(firm.name, described, schedule.next_due_at if schedule else None, last))
    return lines
