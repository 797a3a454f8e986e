"""Starting a scan of a firm from a request (the API's ``POST /firms/{slug}/scans``, the dashboard's
"run now"): on the run ledger when workers crawl (``SUPPORTCHECK_SCAN_RUNNER=ledger``, as under
``supportcheck serve``), else on this process's own :class:`~server.scans.queue.ScanQueue`."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy.orm import Session

from server.config import ALLOW_PRIVATE_TARGETS_ENV, SCAN_RUNNER_ENV, SCAN_SETTINGS_KEY
from server.scans.jobs import queue_in_ledger, queue_scan
from server.schedule import clock
from server.store.models import Firm


@dataclass(frozen=True)
class StartedScan:
    """The run that will hold the scan, and its status now: ``queued`` (ledger) or ``running``."""

    run_id: int
    status: str


def request_scan(session: Session, firm: Firm) -> StartedScan:
    """Queues one scan of ``firm`` as configured.

    Raises:
        ScanInProgress: a run of the firm is queued or running already.
        BlockedTarget: an entry URL the SSRF guard refuses.
        ValueError: the firm cannot be scanned (no entry URL, an unknown locale).
    """
    settings = current_app.config.get(SCAN_SETTINGS_KEY, {})
    allow_private = bool(current_app.config.get(ALLOW_PRIVATE_TARGETS_ENV))
    if current_app.config.get(SCAN_RUNNER_ENV) == "ledger":
        run_id = queue_in_ledger(
            session, firm, settings, allow_private_targets=allow_private, now=clock.now()
        )
        return StartedScan(run_id, "queued")
    job = queue_scan(session, firm, settings, allow_private_targets=allow_private)
    current_app.extensions["supportcheck.scans"].submit(job)
    return StartedScan(job.run_id, "running")
