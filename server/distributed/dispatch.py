"""The producer side of distributed mode: queued runs become (run, locale) units and tasks.

The scheduler (and ``serve``) call :func:`dispatch` on every tick. It takes each ``queued`` run of
the ledger by compare-and-set, writes one ``run_locales`` row per locale and commits them *before*
sending any message, then records when each task was sent. Whatever the broker loses is found
again from the rows: a unit never sent (the broker was down), a locale whose worker stopped
renewing its lease (sent again to another worker, up to its attempts), and a run whose locales all
settled but whose final task never came (sent again).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from pydantic import ValidationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from checker.job import CrawlSettings
from server.distributed.leases import SETTLED, fail
from server.distributed.units import LocaleUnit, units_of
from server.schedule.firms import firm_config
from server.store.models import Run, RunLocale
from server.store.writer import mark_failed

LOG = logging.getLogger("supportcheck.dispatch")
DISTRIBUTED_OWNER = "distributed"  # a run's lease owner while its locales are crawled as units
BATCH = 100


class TaskSender(Protocol):
    """Sends the tasks (Celery in production); raising means the message may not have gone out."""

    def send_unit(self, unit: LocaleUnit) -> None: ...

    def send_finish(self, run_id: int) -> None: ...


@dataclass(frozen=True)
class DispatchOptions:
    base_settings: CrawlSettings = field(default_factory=CrawlSettings)
    max_attempts: int = 3
    resend_after: timedelta = timedelta(hours=5)  # above the broker's visibility timeout
    close_grace: timedelta = timedelta(seconds=10)  # a final task sent this long ago and not done


@dataclass
class DispatchReport:
    runs: list[int] = field(default_factory=list)  # runs turned into units
    sent: int = 0  # unit tasks sent, first or again
    reaped: int = 0  # locales whose worker died, queued again
    failed: int = 0  # locales that used up their attempts
    finishes: int = 0  # final tasks sent again
    send_errors: int = 0

    def summary(self) -> str:
        return (
            f"dispatched {len(self.runs)} run(s), sent {self.sent} unit(s), {self.reaped} locale(s) "
            f"of dead workers requeued, {self.failed} failed for good, {self.finishes} run(s) closed "
            f"again, {self.send_errors} send error(s)"
        )


def _claim_runs(session: Session, now: datetime, options: DispatchOptions, report: DispatchReport) -> None:
    queued = session.scalars(
        select(Run).where(Run.status == "queued").order_by(Run.due_at, Run.id).limit(BATCH)
    ).all()
    for run in queued:
        taken = session.execute(
            update(Run)
            .where(Run.id == run.id, Run.status == "queued")
            .values(status="running", lease_owner=DISTRIBUTED_OWNER, lease_expires_at=None, started_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(taken, "rowcount", 0) != 1:
            session.rollback()
            continue
        try:
            request = firm_config(run.firm).scan_request(options.base_settings)
        except ValidationError as error:
            session.commit()
            mark_failed(session, run.id, error, during="reading the firm's configuration")
            continue
        for unit in units_of(run.id, request, options.max_attempts):
            session.add(RunLocale(run_id=run.id, locale=unit.locale, unit=unit.model_dump(mode="json")))
        session.commit()  # the rows exist before any message can ask for them
        report.runs.append(run.id)


def _send_unsent(
    session: Session, sender: TaskSender, now: datetime, options: DispatchOptions, report: DispatchReport
) -> None:
    stale = now - options.resend_after
    rows = session.scalars(
        select(RunLocale)
        .where(RunLocale.status == "queued", (RunLocale.sent_at.is_(None)) | (RunLocale.sent_at < stale))
        .order_by(RunLocale.id)
        .limit(BATCH * 5)
    ).all()
    session.rollback()
    for row in rows:
        try:
            sender.send_unit(LocaleUnit.model_validate(row.unit))
        except Exception as error:  # noqa: BLE001 - the broker is down: the row stays unsent
            report.send_errors += 1
            LOG.warning("could not send %s %s, trying again next tick: %s", row.run_id, row.locale, error)
            return
        session.execute(update(RunLocale).where(RunLocale.id == row.id).values(sent_at=now))
        session.commit()
        report.sent += 1


def _reap(session: Session, now: datetime, report: DispatchReport) -> None:
    """Queues again the locales whose lease expired (their worker died), or fails those out of tries."""
    rows = session.execute(
        select(
            RunLocale.id,
            RunLocale.run_id,
            RunLocale.locale,
            RunLocale.attempt,
            RunLocale.unit,
            RunLocale.lease_owner,
            RunLocale.lease_expires_at,
        ).where(RunLocale.status == "running", RunLocale.lease_expires_at < now)
    ).all()
    session.rollback()
    for row in rows:
        max_attempts = LocaleUnit.model_validate(row.unit).max_attempts
        reason = (
            f"the worker {row.lease_owner} stopped renewing its lease (it expired at "
            f"{row.lease_expires_at:%Y-%m-%d %H:%M:%S} UTC) in attempt {row.attempt} of {max_attempts}"
        )
        if row.attempt >= max_attempts:
            report.failed += fail(session, row.run_id, row.locale, row.lease_owner, reason, now)
            continue
        requeued = session.execute(
            update(RunLocale)
            .where(RunLocale.id == row.id, RunLocale.status == "running")
            .where(RunLocale.lease_expires_at == row.lease_expires_at)
            .values(
                status="queued", lease_owner=None, lease_expires_at=None, sent_at=None, status_reason=reason
            )
        )
        session.commit()
        report.reaped += getattr(requeued, "rowcount", 0)


def _close_settled(
    session: Session, sender: TaskSender, now: datetime, options: DispatchOptions, report: DispatchReport
) -> None:
    """Sends the final task again for runs whose locales all settled a while ago but that are open."""
    unsettled = select(RunLocale.run_id).where(RunLocale.status.not_in(SETTLED))
    query = (
        select(RunLocale.run_id)
        .join(Run, Run.id == RunLocale.run_id)
        .where(Run.status == "running", Run.lease_owner == DISTRIBUTED_OWNER, Run.id.not_in(unsettled))
        .group_by(RunLocale.run_id)
        .having(func.max(RunLocale.finished_at) < now - options.close_grace)
    )
    run_ids = list(session.scalars(query))
    session.rollback()
    for run_id in run_ids:
        try:
            sender.send_finish(run_id)
        except Exception as error:  # noqa: BLE001 - tried again next tick
            report.send_errors += 1
            LOG.warning("could not send the final task of run %d: %s", run_id, error)
            return
        report.finishes += 1


def dispatch(session: Session, sender: TaskSender, now: datetime, options: DispatchOptions) -> DispatchReport:
    """One producer tick: new runs into units, dead workers' locales requeued, lost messages resent."""
    report = DispatchReport()
    _claim_runs(session, now, options, report)
    _reap(session, now, report)
    _send_unsent(session, sender, now, options, report)
    _close_settled(session, sender, now, options, report)
    return report
