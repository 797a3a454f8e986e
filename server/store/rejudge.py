"""Judges a stored run again from its stored snapshots: a new judgement beside the old ones.

This is how a newer rule set (or better detection) reaches past scans without a browser, as
Lighthouse re-audits saved artifacts; history is kept because nothing is overwritten.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from checker.scan import ScanManifest, ScanResult
from checker.snapshot import LocaleSnapshots
from rules.report.build import build_report
from rules.report.model import Report
from server.store._blobs import unpack_json
from server.store._rows import add_judgement
from server.store.errors import NotFound, StoreError
from server.store.models import Judgement, Run, Screenshot, Snapshot

Judge = Callable[[ScanResult], Report]


def stored_scan(session: Session, run: Run) -> ScanResult:
    """The scan result of a stored run, in the locale order of its manifest."""
    if run.manifest is None:
        raise StoreError(f"run {run.id} was imported from a report: it has no snapshots to re-judge")
    manifest = ScanManifest.model_validate(run.manifest)
    snapshots = session.scalars(
        select(Snapshot).where(Snapshot.run_id == run.id).options(undefer(Snapshot.content_zlib))
    ).all()
    order = list(manifest.snapshot_files)
    snapshots = sorted(snapshots, key=lambda s: order.index(s.locale) if s.locale in order else len(order))
    locales = [LocaleSnapshots.model_validate_json(unpack_json(s.content_zlib)) for s in snapshots]
    return ScanResult.model_validate({**(run.scan_extras or {}), "manifest": manifest, "locales": locales})


def rejudge_run(session: Session, run_id: int, judge: Judge = build_report) -> Judgement:
    """Adds a judgement of run ``run_id`` made by ``judge`` (the current rules by default).

    Only runs whose storing finished (``complete`` or ``partial``) can be re-judged.
    """
    run = session.get(Run, run_id)
    if run is None:
        raise NotFound(f"there is no run {run_id}")
    if run.status not in ("complete", "partial"):
        raise StoreError(f"run {run_id} is {run.status}: only a stored run can be re-judged")
    report = judge(stored_scan(session, run))
    screenshots = session.scalars(select(Screenshot).where(Screenshot.run_id == run.id)).all()
    try:
        judgement = add_judgement(
            session, run, report, report.to_json(), {shot.source_path: shot.path for shot in screenshots}
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return judgement
