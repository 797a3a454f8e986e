"""How a crawl takes a page's links: first from the quick reading that chooses the next page, then
from the page's whole probe, which may hold links the page added in between (no browser here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from checker.crawl import LocaleCrawler
from checker.job import CrawlSettings, LocaleJob
from checker.locales import resolve_locale
from checker.politeness import Politeness
from checker.snapshot import LinkFact, PageSnapshot, ProbeResult

ENTRY = "https://www.firm.test/"


def _crawler(tmp_path: Path, max_depth: int = 4) -> LocaleCrawler:
    settings = CrawlSettings(accessibility=False, max_depth=max_depth)
    job = LocaleJob(firm="Firm", entry_urls=(ENTRY,), locale=resolve_locale("en-US"), settings=settings)
    browser = cast(Any, None)  # never reached: nothing here loads a page
    return LocaleCrawler(browser, job, Politeness(2), tmp_path, deadline=float("inf"))


def _link(path: str, text: str) -> LinkFact:
    return LinkFact(href=f"https://www.firm.test{path}", raw_href=path, text=text, name=text)


def test_links_of_the_probe_join_those_read_first(tmp_path: Path) -> None:
    crawler = _crawler(tmp_path)
    page = PageSnapshot(locale="en-US", requested_url=ENTRY, final_url=ENTRY, depth=0)
    crawler._add(page, [_link("/help", "Help"), _link("/shop", "Shop")])
    assert crawler.frontier.knows("https://www.firm.test/help")
    assert not crawler.frontier.knows("https://www.firm.test/contact")

    # The whole probe, taken a moment later, also sees a link a script added meanwhile.
    page.probe = ProbeResult(links=[_link("/help", "Help"), _link("/contact", "Contact us")])
    crawler._queue_links(page)
    assert crawler.frontier.knows("https://www.firm.test/contact")
    assert crawler.links_out["https://www.firm.test/"] == {
        "https://www.firm.test/help",
        "https://www.firm.test/shop",
        "https://www.firm.test/contact",
    }
    queued = []
    while (item := crawler.frontier.pop()) is not None:
        queued.append(item.url)
    assert sorted(queued) == sorted(set(queued)), "a link read twice is queued once"
    assert queued[0] == "https://www.firm.test/contact", "the support link still comes first"


def test_a_page_that_could_not_be_read_queues_nothing(tmp_path: Path) -> None:
    crawler = _crawler(tmp_path)
    page = PageSnapshot(
        locale="en-US", requested_url=ENTRY, depth=0, error="HTTP 500", error_kind="http_error"
    )
    crawler._add(page, None)
    assert crawler.pages == [page]
    assert crawler.links_out == {}
    assert crawler.frontier.pop() is None


def test_a_page_the_deadline_cut_before_its_probe_is_not_taken_for_seen(tmp_path: Path) -> None:
    """Its links were read (and followed), but the rules must not judge a page never probed."""
    crawler = _crawler(tmp_path)
    cut = PageSnapshot(locale="en-US", requested_url=ENTRY, final_url=ENTRY, depth=0)
    crawler._add(cut, [_link("/help", "Help")])
    crawler._mark_unread()
    assert not cut.ok
    assert cut.error_kind == "timeout"
    assert cut.error == "the scan deadline was reached before the page was read"
