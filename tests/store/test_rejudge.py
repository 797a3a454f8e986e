"""Re-judging stored snapshots adds a judgement and keeps every earlier one."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from checker.scan import ScanResult
from rules.report.build import build_report
from rules.report.model import Report
from server.store.errors import NotFound, StoreError
from server.store.models import Judgement, Run
from server.store.queries import latest_judgements
from server.store.rejudge import rejudge_run, stored_scan
from server.store.writer import ensure_firm, start_run
from tests.store.conftest import SaveScan


def _newer_rules(result: ScanResult) -> Report:
    report = build_report(result)
    report.ruleset_version = "2099.1.1"
    report.score = 1
    return report


def test_rejudging_adds_a_judgement_and_keeps_the_old_one(session: Session, save: SaveScan) -> None:
    run = save("Acme")
    [first] = run.judgements
    second = rejudge_run(session, run.id, judge=_newer_rules)

    session.expire_all()
    judgements = session.scalars(
        select(Judgement).where(Judgement.run_id == run.id).order_by(Judgement.id)
    ).all()
    assert [j.id for j in judgements] == [first.id, second.id]
    assert [j.ruleset_version for j in judgements] == [first.ruleset_version, "2099.1.1"]
    assert judgements[0].report().ruleset_version == first.ruleset_version  # history untouched
    assert len(judgements[1].findings) == len(judgements[0].findings)
    assert session.get(Run, run.id).latest_judgement.id == second.id  # type: ignore[union-attr]
    [standing] = latest_judgements(session)
    assert (standing.judgement.id, standing.score) == (second.id, 1)


def test_the_stored_scan_is_the_scan_that_was_saved(session: Session, save: SaveScan) -> None:
    run = save("Acme", locales=("fr-FR", "en-US", "it-IT"))
    result = stored_scan(session, run)
    assert [locale.locale for locale in result.locales] == ["fr-FR", "en-US", "it-IT"]
    assert build_report(result) == run.judgements[0].report()


def test_rejudged_evidence_points_at_stored_screenshots(session: Session, save: SaveScan) -> None:
    run = save("Acme")
    judgement = rejudge_run(session, run.id)
    shots = [
        item["screenshot"]
        for finding in judgement.findings
        for item in finding.evidence
        if item["screenshot"]
    ]
    assert shots and all(shot.startswith("screenshots/") for shot in shots)


def test_only_stored_runs_can_be_rejudged(session: Session) -> None:
    running = start_run(session, ensure_firm(session, "Acme"))
    with pytest.raises(StoreError, match="is running"):
        rejudge_run(session, running.id)
    with pytest.raises(NotFound, match="no run 999"):
        rejudge_run(session, 999)
