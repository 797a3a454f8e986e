"""The scheduler: turns due schedules into queued runs, one per firm, and calls dead runs dead.

A tick claims due schedules by moving their ``next_due_at`` on with compare-and-set (rows picked
``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two schedulers split the work instead of waiting), and
queues one run for each in the same transaction. Every fire time missed since (machine off,
scheduler down) is merged into that one run, if the latest of them is within the catch-up window;
older ones are skipped, never replayed as a burst.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from server.alerts.digest import DEFAULT_DIGEST_CRON, queue_digests
from server.alerts.message import dashboard_base_url
from server.alerts.outbox import DeliveryReport, Sender, deliver_due
from server.schedule import clock
from server.schedule.cron import jitter_offset, missed_since
from server.schedule.ledger import Reaped, enqueue_run, reap_expired, site_of
from server.store.dialect import is_postgresql
from server.store.models import Firm, Schedule

LOG = logging.getLogger("supportcheck.scheduler")
BATCH = 200


@dataclass(frozen=True)
class SchedulerOptions:
    """How the scheduler behaves; the command line sets these."""

    catch_up: timedelta = timedelta(hours=24)
    max_attempts: int = 3
    interval_s: float = 5.0
    senders: Mapping[str, Sender] | None = None  # alert senders; None: alerts stay in the outbox
    digest_cron: str | None = DEFAULT_DIGEST_CRON  # when weekly digests are queued (UTC); None: never


@dataclass
class TickReport:
    """What one tick did."""

    queued: list[int] = field(default_factory=list)
    merged: int = 0  # missed fire times folded into the runs queued
    already_active: int = 0  # due firms whose previous run is still queued or running
    too_late: int = 0  # due firms whose latest fire time was outside the catch-up window
    reaped: Reaped = field(default_factory=Reaped)
    delivered: DeliveryReport = field(default_factory=DeliveryReport)
    digests: int = 0  # weekly digests queued

    def summary(self) -> str:
        return (
            f"queued {len(self.queued)} run(s), merged {self.merged} missed, "
            f"{self.already_active} still active, "
            f"{self.too_late} past the catch-up window, {len(self.reaped.errored)} dead run(s), "
            f"{len(self.reaped.retried)} retried, {len(self.delivered.sent)} alert(s) sent, "
            f"{len(self.delivered.retried)} to retry, {len(self.delivered.failed)} failed, "
            f"{self.digests} digest(s) queued"
        )


def _due_batch(session: Session, now: datetime) -> list[tuple[Schedule, Firm]]:
    query = (
        select(Schedule, Firm)
        .join(Firm, Firm.id == Schedule.firm_id)
        .where(Schedule.paused.is_(False), Schedule.next_due_at <= now)
        .order_by(Schedule.next_due_at, Schedule.id)
        .limit(BATCH)
        .execution_options(populate_existing=True)  # sessions keep objects across commits
    )
    if is_postgresql(session):
        query = query.with_for_update(skip_locked=True, of=Schedule)
    return [(row.Schedule, row.Firm) for row in session.execute(query)]


def _claim(
    session: Session,
    schedule: Schedule,
    firm: Firm,
    now: datetime,
    options: SchedulerOptions,
    report: TickReport,
) -> None:
    due = schedule.next_due_at
    assert due is not None  # selected as due
    missed = missed_since(
        schedule.cron, schedule.timezone, jitter_offset(firm.slug, schedule.jitter_s), due, now
    )
    moved = session.execute(
        update(Schedule)
        .where(Schedule.id == schedule.id, Schedule.next_due_at == due)
        .values(next_due_at=missed.following, last_queued_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(moved, "rowcount", 0) != 1:
        return  # another scheduler took it
    if now - missed.latest > options.catch_up:
        report.too_late += 1
        LOG.info(
            "%s: skipped %d fire time(s), the latest at %s is past the catch-up window",
            firm.name,
            missed.count,
            missed.latest,
        )
        return
    run_id = enqueue_run(session, firm.id, site_of(firm.entry_urls), now, due_at=missed.latest)
    if run_id is None:
        report.already_active += 1
        return
    report.queued.append(run_id)
    report.merged += missed.count - 1


def tick(
    sessions: sessionmaker[Session], options: SchedulerOptions, now: datetime | None = None
) -> TickReport:
    """Reaps dead runs, queues a run for every due schedule and the week's digests, then delivers due
    alerts; returns what it did."""
    now = now or clock.now()
    report = TickReport()
    with sessions() as session:
        report.reaped = reap_expired(session, now, options.max_attempts)
        while True:
            batch = _due_batch(session, now)
            for schedule, firm in batch:
                _claim(session, schedule, firm, now, options, report)
            session.commit()
            if len(batch) < BATCH:
                break
        if options.senders is not None:
            if options.digest_cron is not None:
                report.digests = queue_digests(
                    session, now, dashboard_base_url(), options.digest_cron, options.catch_up
                )
            report.delivered = deliver_due(session, now, options.senders)
    return report


def run_scheduler(
    sessions: sessionmaker[Session],
    options: SchedulerOptions,
    stop: threading.Event,
    on_tick: Callable[[TickReport], None] = lambda report: None,
) -> None:
    """Ticks every ``options.interval_s`` seconds until ``stop`` is set; a database hiccup waits a tick."""
    while not stop.is_set():
        try:
            on_tick(tick(sessions, options))
        except OperationalError as error:
            LOG.warning("scheduler tick failed, trying again: %s", str(error.orig or error).splitlines()[0])
        stop.wait(options.interval_s)
