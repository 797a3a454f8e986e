"""The final task's work: once every locale of a run settled, judge across locales and close the run.

The locales' snapshots and screenshots are already in the store (``run_locales`` rows and the blob
store); this reads them back, asks the app stores, builds the report and stores the run with
:func:`server.store.writer.finish_scan`, in one transaction that also checks the run is still
open: a final task delivered twice stores the run once. A locale that failed for good enters the
report as an ``error`` locale with its reason, so the run is ``partial``, never ``complete``.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session, undefer

from checker import TOOL_NAME, __version__
from checker.appstores.endpoints import StoreEndpoints
from checker.crawl import now_iso
from checker.scan import APPS_NAME, BrowserInfo, ScanManifest, ScanResult, snapshot_path
from checker.snapshot import LocaleSnapshots
from checker.store_checks import check_app_stores
from rules.report.build import build_report
from server.alerts.message import dashboard_base_url
from server.alerts.outbox import queue_alerts
from server.distributed.dispatch import DISTRIBUTED_OWNER
from server.distributed.leases import SETTLED
from server.distributed.units import LocaleUnit
from server.schedule import clock
from server.store._blobs import StoredFile, unpack_json
from server.store.errors import LeaseLost
from server.store.models import Run, RunLocale
from server.store.queries import STORED_STATUSES
from server.store.writer import finish_scan

LOG = logging.getLogger("supportcheck.finish")


def _locale_result(row: RunLocale, unit: LocaleUnit) -> LocaleSnapshots:
    if row.status == "done" and row.snapshots_zlib is not None:
        return LocaleSnapshots.model_validate_json(unpack_json(row.snapshots_zlib))
    return LocaleSnapshots(
        locale=row.locale,
        entry_url=unit.request.entry_urls[0],
        status="error",
        status_reason=f"the locale's crawl failed for good: {row.status_reason}",
    )


def _result(rows: list[RunLocale], unit: LocaleUnit, stores: StoreEndpoints) -> ScanResult:
    request = unit.request
    order = [profile.tag for profile in request.locales]
    rows = sorted(rows, key=lambda row: order.index(row.locale) if row.locale in order else len(order))
    locales = [_locale_result(row, unit) for row in rows]
    availability = asyncio.run(check_app_stores(request, locales, stores))
    started = [row.started_at for row in rows if row.started_at is not None]
    manifest = ScanManifest(
        tool={"name": TOOL_NAME, "version": __version__},
        browser=BrowserInfo(version=next((row.browser_version for row in rows if row.browser_version), "")),
        request=request,
        started_at=min(started).isoformat(timespec="seconds") if started else now_iso(),
        finished_at=now_iso(),
        snapshot_files={
            locale.locale: snapshot_path(Path("."), locale.locale).as_posix() for locale in locales
        },
        apps_file=APPS_NAME if availability.answers else None,
    )
    return ScanResult(manifest=manifest, locales=locales, apps=availability)


def finish_run(session: Session, run_id: int, data_dir: Path, stores: StoreEndpoints) -> str | None:
    """Judges and stores the run if all its locales settled and it is still open; returns its status
    then, or None when there was nothing to do (not settled yet, or closed already)."""
    run = session.get(Run, run_id)
    if run is None or run.status != "running" or run.lease_owner != DISTRIBUTED_OWNER:
        return None
    rows = list(
        session.scalars(
            select(RunLocale).where(RunLocale.run_id == run_id).options(undefer(RunLocale.snapshots_zlib))
        )
    )
    if not rows or any(row.status not in SETTLED for row in rows):
        return None
    unit = LocaleUnit.model_validate(rows[0].unit)
    result = _result(rows, unit, stores)
    report = build_report(result)
    screenshots = {
        source: StoredFile(**stored)
        for row in rows
        if row.status == "done"
        for source, stored in row.screenshots.items()
    }
    try:
        finish_scan(
            session,
            run,
            result,
            report,
            data_dir,
            None,
            lease_owner=DISTRIBUTED_OWNER,
            stored_screenshots=screenshots,
        )
    except LeaseLost:
        LOG.info("run %d was closed by another final task", run_id)
        return None
    # The run's snapshots table holds them now; the locales' copies would only double the store.
    session.execute(update(RunLocale).where(RunLocale.run_id == run_id).values(snapshots_zlib=None))
    session.commit()
    if run.status in STORED_STATUSES:
        queue_alerts(session, run_id, dashboard_base_url(), clock.now())
    LOG.info("run %d of %s closed: %s %s", run_id, unit.request.firm, run.status, run.status_reason)
    return run.status
