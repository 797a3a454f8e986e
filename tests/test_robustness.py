"""A hostile site cannot stop a scan: every trap becomes an error entry for its page, the crawl
goes on and finishes within its deadline, and nothing is judged on what could not be seen."""

from __future__ import annotations

import time

import pytest

from checker.scan import ScanResult
from checker.snapshot import PageSnapshot
from rules.model import Outcome
from rules.report.build import build_report
from tests.conftest import Scanner
from tests.sites import FixtureServer, firm

pytestmark = pytest.mark.browser

TRAPS: dict[str, str] = firm("hostile").expected["traps"]
DEADLINE_S = 120.0


@pytest.fixture(scope="module")
def hostile_scan(sites: FixtureServer, tmp_path_factory: pytest.TempPathFactory) -> tuple[ScanResult, float]:
    from checker.job import CrawlSettings, ScanRequest
    from checker.locales import resolve_locale
    from checker.scan import scan

    sites.clear_log()
    request = ScanRequest(
        firm="hostile",
        entry_urls=(sites.entry_url("hostile"),),
        locales=(resolve_locale("en-US"),),
        settings=CrawlSettings(
            max_pages=40,
            page_timeout_s=6.0,
            deadline_s=DEADLINE_S,
            host_resolver_rules=sites.host_resolver_rules,
        ),
    )
    started = time.monotonic()
    result = scan(request, tmp_path_factory.mktemp("hostile"))
    return result, time.monotonic() - started


def _trap(result: ScanResult, name: str) -> PageSnapshot:
    path = TRAPS[name]
    pages = [
        page
        for page in result.locales[0].pages
        if page.requested_url.split("://", 1)[1].split("/", 1)[-1] == path.lstrip("/")
        or (path.startswith("https://") and page.requested_url.startswith("https://"))
    ]
    assert pages, f"the trap {name} ({path}) was not visited"
    return pages[0]


def test_the_scan_finishes_within_its_deadline_and_reads_the_real_contact_page(
    hostile_scan: tuple[ScanResult, float],
) -> None:
    result, elapsed = hostile_scan
    assert elapsed < DEADLINE_S
    locale = result.locales[0]
    assert locale.status == "complete"
    contact = next(page for page in locale.pages if page.url.endswith("/contact"))
    assert contact.ok


@pytest.mark.parametrize(
    ("trap", "kinds"),
    [
        ("redirect_loop", {"redirect_loop"}),
        ("stall", {"timeout"}),
        ("hang_before_dcl", {"timeout", "probe"}),
        ("hang_after_dcl", {"timeout", "probe"}),
        ("download", {"download"}),
        ("pdf", {"non_html"}),
        ("json", {"non_html"}),
        ("not_found", {"http_error"}),
        ("server_error", {"http_error"}),
        ("unavailable", {"http_error"}),
        ("tls_untrusted", {"tls"}),
    ],
)
def test_each_trap_is_an_error_entry_of_its_kind(
    hostile_scan: tuple[ScanResult, float], trap: str, kinds: set[str]
) -> None:
    page = _trap(hostile_scan[0], trap)
    assert page.error, f"{trap} should be an error entry"
    assert page.error_kind in kinds, (trap, page.error_kind, page.error)


def test_dialogs_and_popups_are_dismissed_and_recorded(hostile_scan: tuple[ScanResult, float]) -> None:
    dialogs = _trap(hostile_scan[0], "dialogs")
    assert dialogs.ok and any(text.startswith("alert") for text in dialogs.dialogs)
    popups = _trap(hostile_scan[0], "popups")
    assert popups.ok and popups.popups


def test_pages_after_the_hangs_are_still_read(hostile_scan: tuple[ScanResult, float]) -> None:
    pages = hostile_scan[0].locales[0].pages
    hang_index = pages.index(_trap(hostile_scan[0], "hang_before_dcl"))
    assert any(page.ok for page in pages[hang_index + 1 :]), "the tab must recover after a hung renderer"


def test_huge_and_slow_pages_are_read(hostile_scan: tuple[ScanResult, float]) -> None:
    huge = _trap(hostile_scan[0], "huge_page")
    assert huge.ok and huge.probe is not None and huge.probe.text_blocks
    assert _trap(hostile_scan[0], "slow_drip").ok


def test_429_with_retry_after_is_retried_once_and_then_read(
    hostile_scan: tuple[ScanResult, float], sites: FixtureServer
) -> None:
    busy = _trap(hostile_scan[0], "rate_limited")
    assert busy.ok and busy.http_status == 200
    assert len([r for r in sites.requests_to("www.hostile.test") if r.path == TRAPS["rate_limited"]]) == 2


def test_an_unreachable_entry_is_an_error_and_never_a_failure(
    tls_sites: FixtureServer, run_scan: Scanner
) -> None:
    result = run_scan(tls_sites.entry_url("acme"), max_pages=2)
    locale = result.locales[0]
    assert locale.status == "error"
    assert locale.entry_page is not None and locale.entry_page.error_kind == "tls"
    report = build_report(result)
    outcomes = {finding.rule: finding.outcome for finding in report.locales[0].findings}
    assert Outcome.FAIL not in outcomes.values()
    assert outcomes["human.channel"] is Outcome.NEEDS_REVIEW
