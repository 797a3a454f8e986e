"""The accessibility pass and a chat frame whose document comes late, in real Chromium.

A chat vendor's frame is often a cross-origin document that arrives after the page around it is
ready. Tab passes over a frame whose document has not arrived, so a pass whose keyboard walk
started before it did would report a launcher no key reaches (needs review where the launcher
works). Both axe, which runs first and reads every frame, and the walk wait for such frames.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.job import CrawlSettings, ScanRequest
from checker.locales import resolve_locale
from checker.scan import scan
from rules.report.build import build_report
from tests.rules.cases import CASES_DIR
from tests.sites import Firm, FixtureServer, Response

pytestmark = pytest.mark.browser

FRAME_DELAY_S = 1.5  # well past the page's own load, well within the walk's wait for frames
CASE = CASES_DIR / "a11y.keyboard-help" / "pass-cross-origin-frame"


@pytest.fixture(scope="module")
def late_frame_site() -> Iterator[FixtureServer]:
    page = (CASE / "index.html").read_text(encoding="utf-8")
    page = page.replace("http://keyboard-help-pass.test/frame", "http://chat.latewidget.test/frame")
    widget = (CASE / "widget.html").read_text(encoding="utf-8")
    firm = Firm(
        "latewidget",
        "Late widget",
        ("www.latewidget.test", "chat.latewidget.test"),
        {"/": page, "chat.latewidget.test/frame": Response(widget, delay=FRAME_DELAY_S)},
    )
    with FixtureServer([firm]) as server:
        yield server


def test_the_walk_waits_for_a_chat_frame_that_arrives_late(
    late_frame_site: FixtureServer, tmp_path: Path
) -> None:
    request = ScanRequest(
        firm="Late widget",
        entry_urls=(late_frame_site.entry_url("latewidget"),),
        locales=(resolve_locale("en-US"),),
        settings=CrawlSettings(
            max_pages=1, host_resolver_rules=late_frame_site.host_resolver_rules, check_app_stores=False
        ),
    )
    result = scan(request, tmp_path)
    [page] = result.locales[0].pages
    assert page.accessibility is not None and page.accessibility.keyboard is not None
    reached = [stop.kind for stop in page.accessibility.keyboard.reached]
    assert "chat_frame" in reached, page.accessibility.keyboard
    [finding] = [f for f in build_report(result).all_findings() if f.rule == "a11y.keyboard-help"]
    assert finding.outcome.value == "pass", finding.message
