"""Importing a report made elsewhere: stored like a scan's judgement, refused with a clear reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rules.report.build import build_report
from rules.report.model import Report
from server.store.errors import ReportImportError, StoreError
from server.store.importer import import_report
from server.store.models import Channel, Finding, Page, Run, Snapshot
from server.store.rejudge import rejudge_run
from tests.store.scans import write_scan


@pytest.fixture
def report(tmp_path: Path) -> Report:
    return build_report(write_scan(tmp_path / "scan"))


def _write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_report_file_is_stored_as_an_imported_run(session: Session, report: Report, tmp_path: Path) -> None:
    document = json.loads(report.to_json())
    document["added_by_a_newer_version"] = {"kept": True}
    run = import_report(session, _write(tmp_path / "report.json", document))

    session.expire_all()  # what follows is read back from the database
    assert (run.source, run.status, run.firm.name) == ("import", "complete", "Acme")
    assert run.manifest is None
    assert run.firm.entry_urls == ["https://www.acme.test/"] and run.firm.locales == ["en-US", "de-DE"]
    [judgement] = run.judgements
    assert judgement.score == report.score and judgement.ruleset_version == report.ruleset_version
    assert json.loads(judgement.report_json)["added_by_a_newer_version"] == {"kept": True}
    assert session.scalar(select(func.count()).select_from(Finding)) == len(report.all_findings())
    assert session.scalar(select(func.count()).select_from(Page)) == 4
    assert session.scalar(select(func.count()).select_from(Channel).where(Channel.kind == "phone")) == 2
    assert session.scalar(select(func.count()).select_from(Snapshot)) == 0


def test_a_report_in_memory_can_be_filed_under_another_firm(session: Session, report: Report) -> None:
    run = import_report(session, report, firm_name="Acme Europe")
    assert run.firm.name == "Acme Europe" and run.firm.slug == "acme-europe"


def test_a_report_with_a_partial_locale_is_a_partial_run(session: Session, report: Report) -> None:
    report.locales[0].status = "blocked"
    run = import_report(session, report)
    assert (run.status, run.status_reason) == ("partial", "not complete in the report: en-US")


def test_an_imported_run_cannot_be_rejudged(session: Session, report: Report) -> None:
    run = import_report(session, report)
    with pytest.raises(StoreError, match="imported from a report: it has no snapshots"):
        rejudge_run(session, run.id)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "cannot read .* as JSON"),
        (
            '{"schema": "lighthouse/v9"}',
            r"is not a supportcheck.report/v1 report \(its schema is 'lighthouse/v9'\)",
        ),
        ("[1, 2]", r"is not a supportcheck.report/v1 report \(its schema is None\)"),
        (
            '{"schema": "supportcheck.report/v1", "tool": {"name": "x"}}',
            "not a valid .* report: tool.version",
        ),
    ],
    ids=["not-json", "other-schema", "not-an-object", "missing-field"],
)
def test_a_bad_report_is_refused_with_a_clear_reason(
    session: Session, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReportImportError, match=message):
        import_report(session, path)
    assert session.scalar(select(func.count()).select_from(Run)) == 0


def test_a_report_with_a_broken_timestamp_stores_nothing(session: Session, report: Report) -> None:
    report.started_at = "yesterday"
    with pytest.raises(ReportImportError, match="not a timestamp"):
        import_report(session, report)
    assert session.scalar(select(func.count()).select_from(Run)) == 0
