"""An app's store page sent as evidence and accepted: what the person's browser showed answers for
the app in that storefront beside the lookups, and ``region.app-available`` is judged again with
it. It stands in for a lookup that could not tell; against a lookup that did tell, it never wins
silently. On SQLite and PostgreSQL (the store tests' databases and scan folders)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from rules.model import Finding
from rules.report.build import build_report
from rules.report.model import Report
from server import create_app
from server.evidence.intake import store_evidence
from server.evidence.review import review
from server.store.models import Run
from server.store.writer import save_scan
from supportcheck.report.html import render_html
from tests.checker.test_store_page import APPLE_URL, apple_probe
from tests.server.conftest import bearer
from tests.store.scans import write_scan

APPLE_NOTICE = "This app is currently not available in your country or region."
TIMED_OUT = "timed out after 10 s"

SaveItalianScan = Callable[[bool], Run]


@pytest.fixture
def save_italian_scan(session: Session, data_dir: Path, tmp_path: Path) -> SaveItalianScan:
    """Stores a judged it-IT scan of Acme, which declares its App Store app; the Italian storefront's
    lookup said the app is sold (True) or timed out (False)."""

    def save_one(lookup_told: bool) -> Run:
        scan_dir = tmp_path / f"scan-{lookup_told}"
        result = write_scan(scan_dir, "Acme", ("it-IT",), app_sold=True)
        if not lookup_told:
            [sold] = result.apps.answers
            timed_out = sold.model_copy(update={"available": None, "reason": TIMED_OUT, "title": ""})
            result = result.model_copy(
                update={"apps": result.apps.model_copy(update={"answers": [timed_out]})}
            )
        return save_scan(session, "Acme", result, build_report(result), data_dir, scan_dir)

    return save_one


def _accept_store_page_report(
    session: Session, data_dir: Path, *shown: str, evidence_id: int | None = None
) -> Report:
    """A person's App Store page for the app, sent for it-IT (unless sent already) and accepted:
    the report judged anew."""
    if evidence_id is None:
        body = {"firm": "Acme", "pages": [{"url": APPLE_URL, "probe": apple_probe(*shown)}]}
        evidence_id = store_evidence(session, body, "it-IT", "token alice", 1000, data_dir).id
    result = review(session, evidence_id, "accept", "user bob")
    assert result.judgement is not None
    report = result.judgement.report()
    [locale] = report.locales
    assert [page.url for page in locale.pages if page.url == APPLE_URL] == []  # not one of the firm's pages
    return report


def _accept_store_page(
    session: Session, data_dir: Path, *shown: str, evidence_id: int | None = None
) -> Finding:
    """As :func:`_accept_store_page_report`: the new app finding."""
    [locale] = _accept_store_page_report(session, data_dir, *shown, evidence_id=evidence_id).locales
    return next(finding for finding in locale.findings if finding.rule == "region.app-available")


def _seen(available: bool, lookup_available: bool | None) -> dict[str, object]:
    """What the finding's details say the person's store page told (the review's first evidence)."""
    return {
        "app": "apple:1459000001",
        "available": available,
        "storefront_url": APPLE_URL,
        "by": "evidence #1 from token alice",
        "lookup_available": lookup_available,
    }


def test_a_person_who_saw_the_app_settles_a_lookup_that_timed_out(
    session: Session, data_dir: Path, save_italian_scan: SaveItalianScan
) -> None:
    judged = save_italian_scan(False).latest_judgement
    assert judged is not None
    before = next(f for f in judged.report().locales[0].findings if f.rule == "region.app-available")
    assert before.outcome.value == "needs_review" and TIMED_OUT in before.message

    finding = _accept_store_page(session, data_dir, "Get", "Ratings and Reviews")
    assert finding.outcome.value == "pass"
    assert "Supplied by a person" in finding.message and "needs_review without it" in finding.message
    assert "evidence #" in finding.message and "token alice" in finding.message
    assert finding.details["outcome_without_evidence"] == "needs_review"
    assert finding.details["seen_by_person"] == [_seen(available=True, lookup_available=None)]
    assert any(item.url == APPLE_URL and "person's browser" in item.snippet for item in finding.evidence)


def test_a_person_shown_apples_country_notice_makes_it_fail(
    session: Session, data_dir: Path, save_italian_scan: SaveItalianScan
) -> None:
    save_italian_scan(False)
    finding = _accept_store_page(session, data_dir, APPLE_NOTICE)
    assert finding.outcome.value == "fail"
    assert "Not sold here" in finding.message and "in the IT App Store" in finding.message
    assert "Supplied by a person" in finding.message
    assert any(APPLE_NOTICE in item.snippet for item in finding.evidence)


def test_a_person_who_contradicts_a_lookup_that_told_sends_it_to_review_with_both_answers(
    session: Session, data_dir: Path, save_italian_scan: SaveItalianScan
) -> None:
    save_italian_scan(True)
    finding = _accept_store_page(session, data_dir, APPLE_NOTICE)
    assert finding.outcome.value == "needs_review"
    assert "the store's lookup says sold here (resultCount 1)" in finding.message
    assert "the store page a person sent says not sold here" in finding.message
    assert "Supplied by a person: a person's browser added what it saw (pass without it)" in finding.message


def test_a_person_who_agrees_with_the_lookup_is_named_though_the_outcome_stays(
    session: Session, data_dir: Path, save_italian_scan: SaveItalianScan
) -> None:
    save_italian_scan(True)
    finding = _accept_store_page(session, data_dir, "Get")
    assert finding.outcome.value == "pass"
    assert "Supplied by a person: a person's browser added what it saw (pass without it)" in finding.message
    assert finding.details["seen_by_person"] == [_seen(available=True, lookup_available=True)]


def test_the_extensions_store_page_passes_the_api_and_is_judged(
    session: Session, data_dir: Path, database_url: str, save_italian_scan: SaveItalianScan
) -> None:
    save_italian_scan(False)
    app = create_app(
        {"TESTING": True, "SUPPORTCHECK_DATABASE_URL": database_url, "SUPPORTCHECK_DATA_DIR": str(data_dir)}
    )
    try:
        probe = {**apple_probe("Get"), "snapshot_version": 1, "viewport": {"width": 1280, "height": 800}}
        sent = {"firm": "acme", "locale": "it-IT", "pages": [{"url": APPLE_URL, "probe": probe}]}
        answer = app.test_client().post(
            "/api/v1/evidence", json=sent, headers=bearer(app, "evidence", name="alice")
        )
        assert answer.status_code == 201, answer.get_json()
    finally:
        app.extensions["supportcheck.store"].kw["bind"].dispose()
    finding = _accept_store_page(session, data_dir, evidence_id=answer.get_json()["id"])
    assert finding.outcome.value == "pass" and "token alice" in finding.message


def test_the_reports_app_list_shows_the_persons_answer_beside_the_lookups(
    session: Session, data_dir: Path, save_italian_scan: SaveItalianScan
) -> None:
    """``available`` stays the lookup's; ``seen_by_person`` is what the person's page showed and
    ``available_judged`` what the rules made of both."""
    save_italian_scan(False)
    report = _accept_store_page_report(session, data_dir, "Get", "Ratings and Reviews")
    [app] = report.locales[0].apps
    assert app.available is None and TIMED_OUT in app.reason
    assert app.seen_by_person is not None and app.seen_by_person.available is True
    assert app.seen_by_person.url == APPLE_URL
    assert app.seen_by_person.supplied_by == "evidence #1 from token alice"
    assert app.available_judged is True
    shown = render_html(report, None)
    assert "a person's browser showed: sold here (evidence #1 from token alice)" in shown


def test_the_app_list_judges_a_contradiction_unknown(
    session: Session, data_dir: Path, save_italian_scan: SaveItalianScan
) -> None:
    save_italian_scan(True)
    report = _accept_store_page_report(session, data_dir, APPLE_NOTICE)
    [app] = report.locales[0].apps
    assert app.available is True  # the lookup's own answer
    assert app.seen_by_person is not None and app.seen_by_person.available is False
    assert app.available_judged is None
    assert "a person's browser showed: <strong>not sold here</strong>" in render_html(report, None)
