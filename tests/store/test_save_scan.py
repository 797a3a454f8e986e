"""Storing a scan: everything in one transaction, and never a run that claims more than was stored."""

from __future__ import annotations

import hashlib
import json
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic_core import PydanticSerializationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checker.a11y.model import CaptchaFact, ElementCrop, PageAccessibility
from checker.scan import MANIFEST_NAME
from rules.report.build import build_report
from server.store.models import (
    AppAvailability,
    Channel,
    Finding,
    Judgement,
    LocaleResult,
    Page,
    Run,
    Screenshot,
    Snapshot,
)
from server.store.writer import ensure_firm, mark_stale_runs, save_scan, start_run
from tests.store.conftest import SaveScan
from tests.store.scans import EMAIL, FAKE_JPEG, PHONE, write_scan


def _count(session: Session, model: type, run: Run) -> int:
    column = model.run_id if hasattr(model, "run_id") else model.judgement_id  # type: ignore[attr-defined]
    scope = [run.id] if hasattr(model, "run_id") else [j.id for j in run.judgements]
    return session.scalar(select(func.count()).select_from(model).where(column.in_(scope))) or 0


def test_a_scan_is_stored_whole(session: Session, save: SaveScan, data_dir: Path) -> None:
    run = save("Acme")
    session.expire_all()  # what follows is read back from the database
    assert (run.status, run.status_reason, run.source) == ("complete", "", "scan")
    assert run.started_at == datetime(2026, 11, 1, 10, 0, tzinfo=UTC)
    assert run.finished_at == datetime(2026, 11, 1, 10, 5, tzinfo=UTC)
    assert (run.tool_version, run.browser_version) == ("0.1.0", "120.0.6099.224")
    assert run.settings["max_pages"] == 25
    assert run.firm.name == "Acme" and run.firm.slug == "acme"
    assert run.firm.locales == ["en-US", "de-DE"] and run.firm.entry_urls == ["https://www.acme.test/"]

    [judgement] = run.judgements
    report = judgement.report()
    assert judgement.score == report.score and judgement.ruleset_version == report.ruleset_version
    assert _count(session, LocaleResult, run) == 2
    assert _count(session, Finding, run) == len(report.all_findings())
    assert _count(session, Page, run) == 4
    assert _count(session, Snapshot, run) == 2
    assert _count(session, AppAvailability, run) == 0

    phones = session.scalars(select(Channel).where(Channel.kind == "phone")).all()
    assert {(phone.locale, phone.value) for phone in phones} == {("en-US", PHONE), ("de-DE", PHONE)}
    assert phones[0].url == "https://www.acme.test/contact" and phones[0].selector == "#phone"
    emails = session.scalars(select(Channel.value).where(Channel.kind == "email")).all()
    assert set(emails) == {EMAIL}
    contact_pages = session.scalars(select(Channel).where(Channel.kind == "contact_page")).all()
    assert [page.details for page in contact_pages] == [{"depth": 1}, {"depth": 1}]


def test_snapshots_are_compressed_and_fingerprinted(session: Session, save: SaveScan, tmp_path: Path) -> None:
    run = save("Acme")
    snapshot = session.scalars(select(Snapshot).where(Snapshot.locale == "en-US")).one()
    original = (tmp_path / "scan-0" / "snapshots" / "en-US.json").read_text(encoding="utf-8")
    content = zlib.decompress(snapshot.content_zlib)
    assert hashlib.sha256(content).hexdigest() == snapshot.sha256 and snapshot.size == len(content)
    assert len(snapshot.content_zlib) < len(content)
    assert json.loads(content) == json.loads(original)
    assert snapshot.run_id == run.id


def test_screenshots_are_copied_by_hash_and_evidence_points_at_them(
    session: Session, save: SaveScan, data_dir: Path, tmp_path: Path
) -> None:
    save("Acme")
    screenshots = session.scalars(select(Screenshot).order_by(Screenshot.source_path)).all()
    assert [shot.source_path for shot in screenshots] == [
        "screenshots/de-DE/000.jpg",
        "screenshots/de-DE/001.jpg",
        "screenshots/en-US/000.jpg",
        "screenshots/en-US/001.jpg",
    ]
    for shot in screenshots:
        stored = data_dir / shot.path
        assert shot.path == f"screenshots/{shot.sha256[:2]}/{shot.sha256}.jpg"
        assert stored.read_bytes() == (tmp_path / "scan-0" / shot.source_path).read_bytes()
        assert (
            hashlib.sha256(stored.read_bytes()).hexdigest() == shot.sha256
            and shot.size == stored.stat().st_size
        )
    pages = session.scalars(select(Page).where(Page.url == "https://www.acme.test/contact")).all()
    assert all(
        page.screenshot is not None and page.screenshot.source_path.endswith("001.jpg") for page in pages
    )
    stored_paths = {shot.path for shot in screenshots}
    evidence_shots = [
        item["screenshot"]
        for evidence in session.scalars(select(Finding.evidence))
        for item in evidence
        if item["screenshot"]
    ]
    assert evidence_shots and set(evidence_shots) <= stored_paths


def test_a_second_scan_of_the_same_firm_reuses_the_firm_and_the_files(
    session: Session, save: SaveScan, data_dir: Path
) -> None:
    first, second = save("Acme"), save("Acme", started_at="2026-11-02T10:00:00+00:00")
    assert first.firm_id == second.firm_id
    files = [path for path in (data_dir / "screenshots").rglob("*") if path.is_file()]
    assert len(files) == 4  # same pictures, same hashes: stored once


def test_firms_get_unique_slugs(session: Session) -> None:
    slugs = [ensure_firm(session, name).slug for name in ("Acme Bank", "ACME bank!", "Ünï", "日本銀行")]
    assert slugs == ["acme-bank", "acme-bank-2", "uni", "firm"]


def test_a_partial_locale_makes_a_partial_run(session: Session, data_dir: Path, tmp_path: Path) -> None:
    result = write_scan(tmp_path / "scan")
    result.locales[1].status = "partial"
    result.locales[1].status_reason = "deadline reached"
    run = save_scan(session, "Acme", result, build_report(result), data_dir, tmp_path / "scan")
    assert run.status == "partial"
    assert run.status_reason == "de-DE is partial (deadline reached)"


def test_an_incomplete_scan_folder_makes_a_partial_run(
    session: Session, data_dir: Path, tmp_path: Path
) -> None:
    scan_dir = tmp_path / "scan"
    result = write_scan(scan_dir)
    (scan_dir / MANIFEST_NAME).unlink()
    (scan_dir / "screenshots" / "en-US" / "001.jpg").unlink()
    run = save_scan(session, "Acme", result, build_report(result), data_dir, scan_dir)
    assert run.status == "partial"
    assert "no scan.json" in run.status_reason
    assert "1 screenshot file(s) missing" in run.status_reason
    assert session.scalar(select(func.count()).select_from(Screenshot)) == 3


def test_a_locale_without_snapshots_makes_a_partial_run(
    session: Session, data_dir: Path, tmp_path: Path
) -> None:
    result = write_scan(tmp_path / "scan")
    result.locales.pop()
    run = save_scan(session, "Acme", result, build_report(result), data_dir, tmp_path / "scan")
    assert (run.status, run.status_reason) == ("partial", "no snapshots for de-DE")


def test_a_failure_mid_save_leaves_an_error_run_and_nothing_else(
    session: Session, data_dir: Path, tmp_path: Path
) -> None:
    result = write_scan(tmp_path / "scan")
    report = build_report(result)
    # A snapshot that cannot be written: pages and screenshots are already in the transaction.
    result.locales[1] = result.locales[1].model_copy(update={"vantage": {"language": object()}})
    with pytest.raises(PydanticSerializationError):
        save_scan(session, "Acme", result, report, data_dir, tmp_path / "scan")

    session.expire_all()
    [run] = session.scalars(select(Run)).all()
    assert run.status == "error"
    assert run.status_reason.startswith("storing the run failed: PydanticSerializationError")
    assert run.finished_at is not None
    for model in (Judgement, Page, Snapshot, Screenshot, Finding, Channel, LocaleResult):
        assert session.scalar(select(func.count()).select_from(model)) == 0, model.__name__
    assert session.scalar(select(func.count()).select_from(Run).where(Run.status == "complete")) == 0


def test_stale_running_runs_are_marked_crashed(session: Session) -> None:
    now = datetime.now(UTC)
    stale = start_run(session, ensure_firm(session, "Acme"))
    fresh = start_run(session, ensure_firm(session, "Globex"))  # one active run per firm
    stale.created_at = now - timedelta(hours=7)
    session.commit()

    assert mark_stale_runs(session, older_than=timedelta(hours=6), now=now) == 1
    session.expire_all()
    assert session.get(Run, stale.id).status == "error"  # type: ignore[union-attr]
    assert "crashed" in session.get(Run, stale.id).status_reason  # type: ignore[union-attr]
    assert session.get(Run, fresh.id).status == "running"  # type: ignore[union-attr]
    assert mark_stale_runs(session, older_than=timedelta(hours=6), now=now) == 0


def test_accessibility_crops_are_copied_and_the_evidence_points_at_them(
    session: Session, data_dir: Path, tmp_path: Path
) -> None:
    """A crop is stored like a page's screenshot; one whose file is gone leaves the run complete."""
    scan_dir = tmp_path / "scan"
    result = write_scan(scan_dir)
    contact = result.locales[0].pages[1]
    crop, lost = "screenshots/en-US/001-captcha.jpg", "screenshots/en-US/001-captcha-2.jpg"
    (scan_dir / crop).write_bytes(FAKE_JPEG + b"the captcha")
    contact.accessibility = PageAccessibility(
        captchas=[
            CaptchaFact(kinds=["image"], form="#contact-form", challenge="#captcha"),
            CaptchaFact(kinds=["image"], form="#callback-form", challenge="#captcha-2"),
        ],
        crops=[
            ElementCrop(what="captcha", selector="#contact-form", path=crop),
            ElementCrop(what="captcha", selector="#callback-form", path=lost),
        ],
    )
    run = save_scan(session, "Acme", result, build_report(result), data_dir, scan_dir)
    assert (run.status, run.status_reason) == ("complete", "")
    stored = session.scalars(select(Screenshot).where(Screenshot.source_path == crop)).one()
    assert (data_dir / stored.path).read_bytes() == (scan_dir / crop).read_bytes()
    found = select(Finding).where(Finding.rule == "a11y.captcha-alternative", Finding.locale == "en-US")
    finding = session.scalars(found).one()
    assert finding.outcome == "fail"
    shots = {item["selector"]: item["screenshot"] for item in finding.evidence}
    assert shots["#contact-form"] == stored.path
    assert shots["#callback-form"] is None  # its crop is gone: no picture rather than a wrong one
