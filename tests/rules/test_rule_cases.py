"""Every rule gives the outcome its case sites promise, crawled and probed in real Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.appstores.model import parse_app_spec
from checker.gather.computed import artifacts_of
from checker.job import CrawlSettings, ScanRequest
from checker.locales import resolve_locale
from checker.scan import ScanResult, load_scan, save_gathered_answers, scan
from rules.registry import all_rules
from rules.report.build import build_report
from rules.report.model import Report
from tests.rules.cases import SHARED_DIR, RuleCase, case_firm, load_cases
from tests.sites import FixtureServer
from tests.sites.stores import FakeAppStores

CASES = load_cases()
REQUIRED_OUTCOMES = ("pass", "fail", "needs_review")


@pytest.fixture(scope="module")
def case_sites() -> Iterator[FixtureServer]:
    with FixtureServer([case_firm(case) for case in CASES]) as server:
        yield server


@pytest.mark.browser
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_rule_gives_the_promised_outcome(
    case: RuleCase, case_sites: FixtureServer, app_stores: FakeAppStores, tmp_path: Path
) -> None:
    request = ScanRequest(
        firm=case.id,
        entry_urls=(case_sites.url(case.host, "/"),),
        locales=tuple(resolve_locale(tag) for tag in case.locales),
        apps=tuple(parse_app_spec(spec) for spec in case.apps),
        settings=CrawlSettings(
            max_pages=12,
            page_timeout_s=3.0,
            deadline_s=60.0,
            host_resolver_rules=case_sites.host_resolver_rules,
            store_timeout_s=0.5,
            store_retries=0,
        ),
    )
    scanned = scan(request, tmp_path, stores=app_stores.endpoints)
    report = build_report(scanned)
    _assert_rejudged_from_saved_answers(scanned, tmp_path, report)
    finding = next(f for f in report.all_findings() if f.rule == case.rule and f.locale == case.locale)
    assert finding.outcome.value == case.outcome, finding.message
    assert case.options.get("message_contains", "") in finding.message
    for key, value in case.options.get("details", {}).items():
        assert finding.details.get(key) == value, key
    if finding.outcome.value in ("pass", "fail"):
        assert finding.message


@pytest.mark.parametrize("rule_id", [rule.meta.id for rule in all_rules()])
def test_every_rule_ships_cases_for_pass_fail_and_needs_review(rule_id: str) -> None:
    outcomes = {case.outcome for case in CASES if case.rule == rule_id}
    missing = [outcome for outcome in REQUIRED_OUTCOMES if outcome not in outcomes]
    assert not missing, f"{rule_id} has no case site for {missing} in tests/rules/cases/{rule_id}/"


def test_shared_case_pages_exist_and_are_all_used() -> None:
    named = {filename for case in CASES for filename in case.options.get("shared", {}).values()}
    on_disk = {path.name for path in SHARED_DIR.iterdir()}
    assert named == on_disk


def _assert_rejudged_from_saved_answers(scanned: ScanResult, scan_dir: Path, report: Report) -> None:
    """The gathered answers saved beside the snapshots are the ones made during the scan, and
    re-judging from them gives the same findings (issue 10: rejudge does not gather again)."""
    save_gathered_answers(scanned, scan_dir)
    rejudged = load_scan(scan_dir)
    assert rejudged.gathered_pages == sum(1 for locale in scanned.locales for p in locale.pages if p.probe)
    for original, loaded in zip(scanned.locales, rejudged.locales, strict=True):
        for page, page_again in zip(original.pages, loaded.pages, strict=True):
            if page.probe is not None and page_again.probe is not None:
                assert artifacts_of(page_again.probe) == artifacts_of(page.probe), page.url
    again = build_report(rejudged)
    assert [f.model_dump() for f in again.all_findings()] == [f.model_dump() for f in report.all_findings()]
