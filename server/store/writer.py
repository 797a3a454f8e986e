"""Writes scans into the store so that a run never claims more than was stored.

A run is committed as ``running`` first; everything it holds is then written in one transaction
that also sets it ``complete`` or ``partial``. If that transaction fails the run is set to
``error``; if the process dies instead, the run stays ``running`` until
:func:`mark_stale_runs` calls it crashed. Either way no half-stored run is ever ``complete``.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from checker.scan import MANIFEST_NAME, ScanResult
from rules.report.model import Report
from server.store._blobs import StoredFile, pack_json, store_screenshot
from server.store._rows import add_judgement, add_pages
from server.store.changes import record_changes
from server.store.errors import LeaseLost, RunInProgress
from server.store.models import ACTIVE_RUN_STATUSES, Firm, Run, Screenshot, Snapshot, utcnow

STALE_AFTER = timedelta(hours=6)


def parse_timestamp(text: str) -> datetime:
    """An ISO 8601 timestamp from a manifest or report; one without an offset is taken as UTC."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _slug_of(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "firm"


def _free_slug(session: Session, name: str) -> str:
    base = _slug_of(name)
    taken = set(session.scalars(select(Firm.slug).where(Firm.slug.startswith(base))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def ensure_firm(
    session: Session,
    name: str,
    *,
    entry_urls: Iterable[str] | None = None,
    locales: Iterable[str] | None = None,
    apps: Iterable[Mapping[str, str]] | None = None,
    tags: Mapping[str, Any] | None = None,
    proxies: Mapping[str, str] | None = None,
    settings: Mapping[str, Any] | None = None,
) -> Firm:
    """The firm called ``name``, created if new; fields given (not None) replace the stored ones."""
    firm = session.scalar(select(Firm).where(Firm.name == name))
    if firm is None:
        firm = Firm(name=name, slug=_free_slug(session, name))
        session.add(firm)
    if entry_urls is not None:
        firm.entry_urls = list(entry_urls)
    if locales is not None:
        firm.locales = list(locales)
    if apps is not None:
        firm.apps = [dict(app) for app in apps]
    if tags is not None:
        firm.tags = dict(tags)
    if proxies is not None:
        firm.proxies = dict(proxies)
    if settings is not None:
        firm.settings = dict(settings)
    session.flush()
    return firm


def start_run(
    session: Session, firm: Firm, *, started_at: datetime | None = None, source: str = "scan"
) -> Run:
    """Commits a new ``running`` run of ``firm``, so a crash from here on leaves a visible trace.

    Raises:
        RunInProgress: the firm has a queued or running run already (the database refused a second).
    """
    run = Run(firm=firm, started_at=started_at or utcnow(), status="running", source=source)
    session.add(run)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        active = session.scalar(
            select(Run.id).where(Run.firm_id == firm.id, Run.status.in_(ACTIVE_RUN_STATUSES))
        )
        raise RunInProgress(firm.name, active) from None
    return run


def _take_lease(session: Session, run: Run, lease_owner: str) -> None:
    """Ends ``lease_owner``'s lease on the run inside the finishing transaction, or raises LeaseLost.

    The row is written first, so on PostgreSQL it stays locked and on SQLite the database stays
    locked until the run is finished: a reaper cannot call it dead in between.
    """
    taken = session.execute(
        update(Run)
        .where(Run.id == run.id, Run.lease_owner == lease_owner, Run.status == "running")
        .values(lease_expires_at=None)
        .execution_options(synchronize_session=False)
    )
    if getattr(taken, "rowcount", 0) != 1:
        raise LeaseLost(f"run {run.id} is no longer held by {lease_owner}: it was called dead and retried")


def _store_screenshots(
    session: Session,
    run: Run,
    result: ScanResult,
    data_dir: Path,
    scan_dir: Path | None,
    stored_files: Mapping[str, StoredFile] | None,
) -> tuple[dict[str, Screenshot], list[str]]:
    """Copies the scan's screenshots into the data directory, or takes those a distributed worker
    stored already (``stored_files``); returns them by scan path, and those missing.

    The accessibility pass's crops are copied the same way, so that findings' evidence can show
    them; a crop that is not there only leaves its evidence without a picture, so it is not
    counted missing.
    """
    stored: dict[str, Screenshot] = {}
    missing: list[str] = []
    if scan_dir is None and stored_files is None:
        return stored, missing
    referenced = {path for locale in result.locales for page in locale.pages if (path := page.screenshot)}
    crops = {
        crop.path
        for locale in result.locales
        for page in locale.pages
        if page.accessibility is not None
        for crop in page.accessibility.crops
    }
    for source_path in sorted(referenced | crops):
        if stored_files is not None:
            copied = stored_files.get(source_path)
        else:
            assert scan_dir is not None
            source = scan_dir / source_path
            copied = store_screenshot(source, data_dir) if source.is_file() else None
        if copied is None:
            if source_path in referenced:
                missing.append(source_path)
            continue
        stored[source_path] = Screenshot(
            run_id=run.id, path=copied.path, source_path=source_path, sha256=copied.sha256, size=copied.size
        )
    session.add_all(stored.values())
    return stored, missing


def _gaps(
    result: ScanResult, report: Report, scan_dir: Path | None, missing_screenshots: list[str]
) -> list[str]:
    """Why a stored scan is only ``partial``; empty when it is complete."""
    gaps = [
        f"{locale.locale} is {locale.status}" + (f" ({locale.status_reason})" if locale.status_reason else "")
        for locale in report.locales
        if locale.status != "complete"
    ]
    unscanned = [
        profile.tag
        for profile in result.manifest.request.locales
        if profile.tag not in {locale.locale for locale in result.locales}
    ]
    if unscanned:
        gaps.append(f"no snapshots for {', '.join(unscanned)}")
    if scan_dir is not None and not (scan_dir / MANIFEST_NAME).is_file():
        gaps.append(f"the scan folder has no {MANIFEST_NAME}")
    if missing_screenshots:
        gaps.append(f"{len(missing_screenshots)} screenshot file(s) missing from the scan folder")
    return gaps


def finish_scan(
    session: Session,
    run: Run,
    result: ScanResult,
    report: Report,
    data_dir: Path,
    scan_dir: Path | None = None,
    lease_owner: str | None = None,
    stored_screenshots: Mapping[str, StoredFile] | None = None,
) -> Run:
    """Stores everything a scan produced under ``run`` in one transaction, then marks it finished.

    Args:
        run: a run from :func:`start_run`.
        result: the scan's manifest and snapshots.
        report: ``build_report(result)``, stored as the run's first judgement.
        data_dir: where screenshot files are copied.
        scan_dir: the scan folder, to copy screenshots from and check it is whole; None when
            the result was built in memory (no screenshots are stored then).
        lease_owner: the worker holding the run's lease, when a worker claimed it.
        stored_screenshots: screenshots already in the blob store by scan-folder path (distributed
            workers store them as each locale finishes); then nothing is copied from ``scan_dir``.

    Raises:
        LeaseLost: the worker's lease was taken from it; nothing was stored.
    """
    try:
        if lease_owner is not None:
            _take_lease(session, run, lease_owner)
        manifest = result.manifest
        run.finished_at = parse_timestamp(manifest.finished_at)
        run.tool_version = manifest.tool.get("version", "")
        run.browser_version = manifest.browser.version
        run.settings = manifest.request.settings.model_dump(mode="json")
        run.manifest = manifest.model_dump(mode="json")
        run.scan_extras = result.model_dump(mode="json", exclude={"manifest", "locales"})
        screenshots, missing = _store_screenshots(
            session, run, result, data_dir, scan_dir, stored_screenshots
        )
        session.flush()
        add_pages(session, run, report, screenshots)
        for locale_snapshots in result.locales:
            packed = pack_json(locale_snapshots.model_dump_json())
            session.add(
                Snapshot(
                    run_id=run.id,
                    locale=locale_snapshots.locale,
                    content_zlib=packed.compressed,
                    sha256=packed.sha256,
                    size=packed.size,
                )
            )
        paths = {source: screenshot.path for source, screenshot in screenshots.items()}
        add_judgement(session, run, report, report.to_json(), paths)
        gaps = _gaps(result, report, scan_dir, missing)
        run.status = "partial" if gaps else "complete"
        run.status_reason = "; ".join(gaps)
        record_changes(session, run)
        session.commit()
    except LeaseLost:
        session.rollback()
        raise
    except BaseException as error:
        session.rollback()
        mark_failed(session, run.id, error)
        raise
    return run


def mark_failed(session: Session, run_id: int, error: BaseException, during: str = "storing the run") -> None:
    """Sets a run to ``error`` with the reason, for a scan or a write that broke off.

    Only a queued or running run changes: a run that ended is history and keeps its status.
    """
    # The original error matters more than this note: if the database is gone too, the run
    # stays ``running`` and mark_stale_runs will call it crashed later.
    with contextlib.suppress(SQLAlchemyError):
        session.execute(
            update(Run)
            .where(Run.id == run_id, Run.status.in_(ACTIVE_RUN_STATUSES))
            .values(
                status="error",
                status_reason=f"{during} failed: {type(error).__name__}: {str(error)[:300]}",
                finished_at=utcnow(),
            )
        )
        session.commit()


def save_scan(
    session: Session,
    firm: Firm | str,
    result: ScanResult,
    report: Report,
    data_dir: Path,
    scan_dir: Path | None = None,
) -> Run:
    """Stores a finished scan and its first judgement; see :func:`finish_scan` for the arguments.

    ``firm`` may be a name: the firm is then created, or updated with the scan's entry URLs and locales.
    """
    request = result.manifest.request
    if isinstance(firm, str):
        firm = ensure_firm(
            session,
            firm,
            entry_urls=request.entry_urls,
            locales=[profile.tag for profile in request.locales],
        )
    run = start_run(session, firm, started_at=parse_timestamp(result.manifest.started_at))
    return finish_scan(session, run, result, report, data_dir, scan_dir)


def mark_stale_runs(
    session: Session, *, older_than: timedelta = STALE_AFTER, now: datetime | None = None
) -> int:
    """Sets runs still ``running`` after ``older_than`` to ``error``: their process died. Returns how many.

    Runs a worker leased are left to ``server.schedule.ledger.reap_expired``, which knows sooner.
    """
    cutoff = (now or utcnow()) - older_than
    result = session.execute(
        update(Run)
        .where(Run.status == "running", Run.lease_owner.is_(None), Run.created_at < cutoff)
        .values(
            status="error",
            status_reason=f"crashed: still running after {older_than}, its process must have died",
            finished_at=now or utcnow(),
        )
    )
    session.commit()
    return int(getattr(result, "rowcount", 0))
