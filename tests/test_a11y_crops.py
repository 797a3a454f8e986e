"""Screenshot crops of what the own accessibility checks found, taken in real Chromium on the rule case sites.

The keyboard walk's launcher that cannot take focus, a focused link hidden by a fixed chat
bubble, and an image CAPTCHA with no alternative each get a JPEG crop beside the page's
screenshot, named in the snapshot's accessibility facts and in the failing finding's evidence.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest

from checker.job import CrawlSettings, ScanRequest
from checker.locales import resolve_locale
from checker.scan import ScanResult, scan
from rules.report.build import build_report
from rules.report.model import Report
from supportcheck.report.html import render_html
from tests.rules.cases import RuleCase, case_firm, load_cases
from tests.sites import FixtureServer

JPEG_START = b"\xff\xd8\xff"
MAX_CROP_BYTES = 200_000

# (case, the rule that fails there, what the crop shows)
CROPPED = [
    ("a11y.keyboard-help/fail-div-launcher", "not_focusable"),
    ("a11y.keyboard-help/fail-focus-obscured", "focus_obscured"),
    ("a11y.captcha-alternative/fail-image-no-audio", "captcha"),
]
CASES = {case.id: case for case in load_cases() if case.id in dict(CROPPED)}


@pytest.fixture(scope="module")
def crop_sites() -> Iterator[FixtureServer]:
    with FixtureServer([case_firm(case) for case in CASES.values()]) as server:
        yield server


def _scan(case: RuleCase, sites: FixtureServer, scan_dir: Path, screenshots: bool = True) -> ScanResult:
    request = ScanRequest(
        firm=case.id,
        entry_urls=(sites.url(case.host, "/"),),
        locales=(resolve_locale(case.locale),),
        settings=CrawlSettings(
            max_pages=4,
            page_timeout_s=3.0,
            deadline_s=60.0,
            screenshots=screenshots,
            host_resolver_rules=sites.host_resolver_rules,
        ),
    )
    return scan(request, scan_dir)


def _failing(report: Report, rule_id: str) -> list[str]:
    [finding] = [f for f in report.all_findings() if f.rule == rule_id]
    assert finding.outcome.value == "fail", finding.message
    return [evidence.screenshot or "" for evidence in finding.evidence]


@pytest.mark.browser
@pytest.mark.parametrize(("case_id", "what"), CROPPED, ids=[what for _, what in CROPPED])
def test_a_failing_own_check_saves_a_jpeg_crop_that_its_evidence_names(
    case_id: str, what: str, crop_sites: FixtureServer, tmp_path: Path
) -> None:
    case = CASES[case_id]
    scanned = _scan(case, crop_sites, tmp_path)
    crops = [
        (page, crop)
        for locale in scanned.locales
        for page in locale.pages
        if page.accessibility is not None
        for crop in page.accessibility.crops
        if crop.what == what
    ]
    assert crops, f"no {what} crop was taken"
    page, crop = crops[0]
    assert page.screenshot is not None
    assert crop.path == page.screenshot.removesuffix(".jpg") + f"-{what.replace('_', '-')}.jpg"
    content = (tmp_path / crop.path).read_bytes()
    assert content.startswith(JPEG_START)
    assert len(content) < MAX_CROP_BYTES
    assert len(content) < (tmp_path / page.screenshot).stat().st_size  # a crop, not the whole page

    report = build_report(scanned)
    assert crop.path in _failing(report, case.rule)
    [locale] = report.locales
    assert any(c.path == crop.path for checked in locale.accessibility or [] for c in checked.crops)
    html = render_html(report, tmp_path)
    assert f'<figure class="crop"><figcaption>{what.replace("_", " ")} on' in html
    assert f'alt="Crop of {escape(crop.selector)}"' in html


@pytest.mark.browser
def test_no_crops_are_taken_when_screenshots_are_off(crop_sites: FixtureServer, tmp_path: Path) -> None:
    case = CASES["a11y.captcha-alternative/fail-image-no-audio"]
    scanned = _scan(case, crop_sites, tmp_path, screenshots=False)
    audited = [
        page.accessibility for locale in scanned.locales for page in locale.pages if page.accessibility
    ]
    assert audited and all(audit.crops == [] for audit in audited)
    assert not list(tmp_path.rglob("*.jpg"))
