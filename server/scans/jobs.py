"""A scan started from the server as a unit of work: one firm, one run, serialisable.

:class:`ScanJob` holds everything a worker needs (the run to fill and the scan request), so the
in-process :class:`~server.scans.queue.ScanQueue` can later give way to a Celery worker that
receives the JSON of a job and calls :func:`run_job`.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from checker.appstores.model import AppRef
from checker.job import CrawlSettings, ScanRequest
from checker.locales import resolve_locale
from checker.scan import ScanResult, scan
from checker.ssrf import TargetGuard
from rules.report.build import build_report
from server.schedule.ledger import enqueue_run, site_of
from server.store.errors import RunInProgress
from server.store.models import ACTIVE_RUN_STATUSES, Firm, Run, utcnow
from server.store.writer import finish_scan, mark_stale_runs, start_run

SCANS_DIR = "scans"
Scanner = Callable[[ScanRequest, Path], ScanResult]


class ScanJob(BaseModel):
    """Scan ``request`` into the ``running`` run ``run_id``."""

    model_config = ConfigDict(frozen=True)
    run_id: int
    request: ScanRequest


def scan_request(firm: Firm, settings: Mapping[str, Any], *, allow_private_targets: bool) -> ScanRequest:
    """The request for a firm as stored; ``settings`` are the server's crawl settings.

    Raises:
        BlockedTarget: an entry URL the SSRF guard refuses (unless private targets are allowed).
        ValueError: the firm has no entry URL or a locale this version does not know.
    """
    if not firm.entry_urls:
        raise ValueError(
            f"{firm.name} has no entry URL to scan: add one with PATCH /api/v1/firms/{firm.slug}"
        )
    if not allow_private_targets:
        guard = TargetGuard()
        for url in firm.entry_urls:
            guard.check(url)
    return ScanRequest(
        firm=firm.name,
        entry_urls=tuple(firm.entry_urls),
        locales=tuple(resolve_locale(tag) for tag in firm.locales or ["en-US"]),
        apps=tuple(AppRef.model_validate(app) for app in firm.apps),
        settings=CrawlSettings(**{**settings, "block_private_targets": not allow_private_targets}),
    )


class ScanInProgress(RuntimeError):
    """The firm already has a scan queued or running: one at a time per firm; ``run_id`` is that run."""

    def __init__(self, busy: RunInProgress) -> None:
        super().__init__(str(busy))
        self.run_id = busy.run_id


def _scannable(
    session: Session, firm: Firm, settings: Mapping[str, Any], *, allow_private_targets: bool
) -> ScanRequest:
    """The firm's scan request, once no run of it is active and its targets pass the SSRF guard.

    Raises:
        ScanInProgress: a run of the firm is queued or running, as the database's one-active-run
            index says (unleased runs older than six hours are called crashed first, so a dead
            server does not block the firm for ever; leased ones are reaped by the scheduler).
    """
    mark_stale_runs(session)
    active = session.scalar(select(Run.id).where(Run.firm_id == firm.id, Run.status.in_(ACTIVE_RUN_STATUSES)))
    if active is not None:  # said before any complaint about the targets, as it always was
        raise ScanInProgress(RunInProgress(firm.name, active))
    return scan_request(firm, settings, allow_private_targets=allow_private_targets)


def queue_scan(
    session: Session, firm: Firm, settings: Mapping[str, Any], *, allow_private_targets: bool
) -> ScanJob:
    """Checks the firm (see :func:`_scannable`), then commits a ``running`` run for the job to fill."""
    request = _scannable(session, firm, settings, allow_private_targets=allow_private_targets)
    try:
        run = start_run(session, firm)  # the index decides a race with the scheduler
    except RunInProgress as error:
        raise ScanInProgress(error) from error
    return ScanJob(run_id=run.id, request=request)


def queue_in_ledger(
    session: Session, firm: Firm, settings: Mapping[str, Any], *, allow_private_targets: bool, now: datetime
) -> int:
    """Checks the firm (see :func:`_scannable`), then commits a ``queued`` run for a worker to claim."""
    _scannable(session, firm, settings, allow_private_targets=allow_private_targets)
    run_id = enqueue_run(session, firm.id, site_of(firm.entry_urls), now, due_at=None)
    if run_id is None:  # the scheduler queued it in between
        session.rollback()
        active = session.scalar(
            select(Run.id).where(Run.firm_id == firm.id, Run.status.in_(ACTIVE_RUN_STATUSES))
        )
        raise ScanInProgress(RunInProgress(firm.name, active))
    session.commit()
    return run_id


def run_job(job: ScanJob, sessions: sessionmaker[Session], data_dir: Path, scanner: Scanner = scan) -> None:
    """Crawls, judges and stores the job's run; a failure marks the run ``error`` with the reason."""
    scan_dir = data_dir / SCANS_DIR / f"run-{job.run_id}"
    with sessions() as session:
        run = session.get(Run, job.run_id)
        if run is None:
            return  # deleted while it waited in the queue
        try:
            result = scanner(job.request, scan_dir)
            finish_scan(session, run, result, build_report(result), data_dir, scan_dir)
        except Exception as error:  # noqa: BLE001 - the worker must outlive one bad scan
            session.rollback()
            session.execute(
                update(Run)
                .where(Run.id == job.run_id, Run.status == "running")
                .values(
                    status="error",
                    status_reason=f"the scan failed: {type(error).__name__}: {str(error)[:300]}",
                    finished_at=utcnow(),
                )
            )
            session.commit()
        else:
            shutil.rmtree(scan_dir, ignore_errors=True)  # snapshots and screenshots are in the store now


__all__ = ["ScanInProgress", "ScanJob", "queue_in_ledger", "queue_scan", "run_job", "scan_request"]
