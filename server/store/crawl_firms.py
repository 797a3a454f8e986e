"""``supportcheck crawl FIRMS.yaml``: scans every firm of a config file into the store.

Each firm is one run: committed as ``running`` before its scan starts, finished in one
transaction after it, or marked ``error`` when the scan breaks off (Ctrl-C included), so the
dashboard never shows a half-done run as complete. One firm's failure does not stop the others.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from sqlalchemy.orm import Session, sessionmaker

from checker.config import FirmConfig
from checker.job import CrawlSettings
from checker.scan import PageCallback, scan
from rules.report.build import build_report
from rules.report.model import Report
from server.store.errors import RunInProgress
from server.store.models import Firm, Run
from server.store.writer import ensure_firm, finish_scan, mark_failed, start_run

ProgressFactory = Callable[[list[str], int], AbstractContextManager[PageCallback]]
"""Opens a progress display for a scan's locales and page budget; yields the ``on_page`` callback.

The command line passes its terminal display; the store knows nothing of terminals."""


@dataclass(frozen=True)
class CrawlOutcome:
    """What became of one firm: its run, and the error if its scan failed."""

    firm: str
    run_id: int
    status: str
    score: int | None = None
    error: str = ""
    report: Report | None = None
    scan_dir: Path | None = None


def _scan_dir(scans_root: Path, run_id: int) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return scans_root / f"run-{run_id}-{stamp}"


def store_firm(session: Session, firm: FirmConfig) -> Firm:
    """The firm's row, created or updated with everything its configuration declares."""
    return ensure_firm(
        session,
        firm.name,
        entry_urls=firm.entry_urls,
        locales=[locale.tag for locale in firm.locales],
        apps=[{"store": app.store, "id": app.id} for app in firm.apps],
        tags=firm.tags,
        proxies=firm.proxies,
        settings=firm.settings.model_dump(mode="json", exclude_unset=True),
    )


def crawl_firm(
    session: Session,
    firm: FirmConfig,
    base_settings: CrawlSettings,
    data_dir: Path,
    progress: ProgressFactory,
) -> CrawlOutcome:
    """Scans one firm into a new run and reports what happened (an error if a run is already active)."""
    stored = store_firm(session, firm)
    try:
        run = start_run(session, stored)
    except RunInProgress as error:
        return CrawlOutcome(firm.name, error.run_id or 0, "error", error=str(error))
    return crawl_run(session, run, firm, base_settings, data_dir, progress)


def crawl_run(
    session: Session,
    run: Run,
    firm: FirmConfig,
    base_settings: CrawlSettings,
    data_dir: Path,
    progress: ProgressFactory,
    lease_owner: str | None = None,
) -> CrawlOutcome:
    """Scans ``firm`` into ``run`` (already ``running``), judges it and stores it in one transaction.

    Args:
        lease_owner: the worker holding the run's lease; the result is stored only if it still does.

    Raises:
        LeaseLost: the lease was taken from ``lease_owner`` while it crawled; nothing was stored.
    """
    request = firm.scan_request(base_settings)
    scan_dir = _scan_dir(data_dir / "scans", run.id)
    try:
        with progress([locale.tag for locale in request.locales], request.settings.max_pages) as on_page:
            result = scan(request, scan_dir, on_page=on_page)
        report = build_report(result)
    except BaseException as error:
        mark_failed(session, run.id, error, during="the scan")
        if not isinstance(error, Exception):
            raise  # Ctrl-C: the run is marked, now stop
        return CrawlOutcome(firm.name, run.id, "error", error=f"{type(error).__name__}: {error}")
    finish_scan(session, run, result, report, data_dir, scan_dir, lease_owner=lease_owner)
    return CrawlOutcome(firm.name, run.id, run.status, report.score, report=report, scan_dir=scan_dir)


def crawl_firms(
    firms: list[FirmConfig],
    sessions: sessionmaker[Session],
    base_settings: CrawlSettings,
    data_dir: Path,
    console: Console,
    progress: ProgressFactory,
) -> list[CrawlOutcome]:
    """Scans the firms one after the other, each into its own run, saying on ``console`` how each went."""
    outcomes = []
    for index, firm in enumerate(firms, start=1):
        console.rule(f"[{index}/{len(firms)}] {firm.name}", characters="-")
        with sessions() as session:
            outcome = crawl_firm(session, firm, base_settings, data_dir, progress)
        score = "-" if outcome.score is None else str(outcome.score)
        console.print(
            f"{firm.name}: run {outcome.run_id} {outcome.status}, score {score} {outcome.error}".rstrip(),
            markup=False,
            highlight=False,
        )
        outcomes.append(outcome)
    return outcomes
