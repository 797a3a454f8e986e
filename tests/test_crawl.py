"""The crawler in real Chromium against the fixture firms: the support-first frontier, locales,
consent walls, politeness and robots.txt. Detection and rules are only touched where the crawl
is what makes them right."""

from __future__ import annotations

import json

import pytest

from checker.scan import load_scan
from checker.snapshot import LocaleSnapshots, PageSnapshot
from tests.conftest import Scanner
from tests.sites import FixtureServer, firm

pytestmark = pytest.mark.browser


def _page_ending(locale: LocaleSnapshots, suffix: str) -> PageSnapshot:
    matches = [page for page in locale.pages if page.url.rstrip("/").endswith(suffix.rstrip("/"))]
    assert matches, f"no page ending {suffix} among {[page.url for page in locale.pages]}"
    return matches[0]


def test_good_firm_contact_page_channels_and_screenshots(
    sites: FixtureServer, run_scan: Scanner, tmp_path
) -> None:
    result = run_scan(sites.entry_url("acme"), scan_dir=tmp_path / "acme")
    (locale,) = result.locales
    assert locale.status == "complete"
    contact = _page_ending(locale, "/contact")
    assert contact.depth == firm("acme").expected["contact_depth"]
    assert contact.ok and contact.found_via
    entry = locale.entry_page
    assert (
        entry is not None
        and entry.screenshot
        and (tmp_path / "acme" / entry.screenshot).stat().st_size > 1000
    )
    assert contact.screenshot, "pages with contact channels carry a screenshot"
    product_pages = [page for page in locale.pages if page.screenshot is None]
    assert product_pages, "screenshots only where they matter"
    assert load_scan(tmp_path / "acme").locales[0] == locale, "snapshots round-trip through disk"


def test_contact_page_four_clicks_deep_is_found_within_default_budget(
    sites: FixtureServer, run_scan: Scanner
) -> None:
    expected = firm("globex").expected
    result = run_scan(sites.entry_url("globex"), max_pages=25, max_depth=4)
    (locale,) = result.locales
    contact = _page_ending(locale, "/customer-care/service/options/contact")
    assert contact.depth == expected["contact_depth"] == 4
    assert len(locale.pages) <= 25


def test_locale_signals_reach_the_server_and_the_page_on_every_request(
    sites: FixtureServer, run_scan: Scanner
) -> None:
    echo = sites.url("www.polyglot.test", "/echo")
    result = run_scan(echo, echo + "?again", locales=("it-IT",), max_pages=2)
    for page in result.locales[0].pages:
        assert page.probe is not None
        texts = {block.selector: block.text for block in page.probe.text_blocks}
        server_side = json.loads(next(text for sel, text in texts.items() if sel.endswith("#echo")))
        browser_side = json.loads(next(text for sel, text in texts.items() if sel.endswith("#echo-js")))
        assert server_side["accept_language"] == "it-IT,it;q=0.9,en;q=0.8"
        assert "supportcheck/" in server_side["user_agent"]
        assert browser_side["language"] == "it-IT"
        assert browser_side["timezone"] == "Europe/Rome"


def test_each_locale_sees_its_own_edition_and_redirects_are_recorded(
    sites: FixtureServer, run_scan: Scanner
) -> None:
    result = run_scan(sites.entry_url("polyglot"), locales=("it-IT", "de-DE"), max_pages=8)
    by_locale = {locale.locale: locale for locale in result.locales}
    italian_entry = by_locale["it-IT"].entry_page
    assert italian_entry is not None and italian_entry.url.endswith("/it/")
    assert len(italian_entry.redirect_chain) == 2
    _page_ending(by_locale["it-IT"], "/it/contatti")
    _page_ending(by_locale["de-DE"], "/de/kontakt")


def test_consent_wall_is_dismissed_preferring_reject(sites: FixtureServer, run_scan: Scanner) -> None:
    result = run_scan(sites.entry_url("biscotti"), max_pages=3)
    entry = result.locales[0].entry_page
    assert entry is not None and entry.consent is not None
    assert entry.consent.action == "reject"
    assert entry.consent.button_text == firm("biscotti").expected["consent"]["reject"].lower()
    assert not any(
        marker.id == "consent-wall" and marker.visible
        for marker in entry.probe.markers  # type: ignore[union-attr]
    )
    _page_ending(result.locales[0], "/contact")


def test_js_rendered_pages_are_crawled_after_rendering(sites: FixtureServer, run_scan: Scanner) -> None:
    result = run_scan(sites.entry_url("initech"), max_pages=6)
    contact = _page_ending(result.locales[0], "/contact")
    assert contact.ok


def test_every_request_identifies_supportcheck_and_none_submits_a_form(
    sites: FixtureServer, run_scan: Scanner
) -> None:
    sites.clear_log()
    run_scan(sites.entry_url("acme"), locales=("en-US", "it-IT", "de-DE"), max_pages=10)
    records = sites.requests_to("www.acme.test")
    assert records and all("supportcheck/" in record.headers.get("user-agent", "") for record in records)
    assert not [record for record in sites.requests if record.method != "GET"], "never submit a form"


def test_a_region_blocked_locale_is_blocked_not_failed(sites: FixtureServer, run_scan: Scanner) -> None:
    result = run_scan(sites.entry_url("borderline"), locales=("en-US", "de-DE"), max_pages=4)
    by_locale = {locale.locale: locale for locale in result.locales}
    assert by_locale["de-DE"].status == "blocked"
    assert by_locale["de-DE"].entry_page.http_status == 451  # type: ignore[union-attr]
    assert by_locale["en-US"].status == "complete"


def test_robots_txt_is_obeyed_unless_ignored(sites: FixtureServer, run_scan: Scanner) -> None:
    private = firm("hostile").expected["traps"]["robots_disallowed"]
    entry = sites.entry_url("hostile")
    contact = sites.url("www.hostile.test", private)
    sites.clear_log()
    polite = run_scan(entry, contact, max_pages=3)
    assert not [record for record in sites.requests if record.path.startswith("/private/")]
    assert contact.rstrip("/") in polite.locales[0].robots_disallowed
    assert any(leftover.reason == "robots" for leftover in polite.locales[0].unvisited_support_links)
    rude = run_scan(entry, contact, max_pages=3, ignore_robots=True)
    assert rude.locales[0].robots_ignored
    assert [record for record in sites.requests if record.path.startswith("/private/")]
