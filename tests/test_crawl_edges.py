"""Crawler edge cases a real web throws at it: empty error bodies, moved sites, links it must not
follow, crawl delays and deadlines. Each site here is a few pages defined in the test itself."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from checker.appstores.model import AppRef
from checker.scan import PageCallback
from checker.snapshot import PageSnapshot
from tests.conftest import Scanner
from tests.sites import Firm, FixtureServer, Response
from tests.sites.stores import FakeAppStores

pytestmark = pytest.mark.browser

HOME = "<!doctype html><title>Home</title><h1>Home</h1>"
SLOW_S = 0.4  # each document of the slowdocs firm takes this long, so overlaps are measurable


def _html(title: str, body: str) -> str:
    return f"<!doctype html><html lang=en><title>{title}</title><body>{body}</body></html>"


def _retry_once(request) -> Response:  # type: ignore[no-untyped-def]
    if request.count("busy") == 1:
        return Response("", status=429, headers={"Retry-After": "1"})
    return Response(_html("Busy", "<p>Now we answer.</p>"))


FIRMS = [
    Firm("forbidden", "Forbidden", ("www.forbidden.test",), {"/": Response("", status=403)}),
    Firm(
        "norobots",
        "No robots",
        ("www.norobots.test",),
        {
            "/robots.txt": Response("", status=404, content_type="text/plain"),
            "/": _html("Home", '<a href="/contact">Contact</a>'),
            "/contact": _html("Contact", "<p>Call 202-555-0123</p>"),
        },
    ),
    Firm(
        "ratelimit",
        "Rate limit",
        ("www.ratelimit.test",),
        {"/": _html("Home", '<a href="/busy">Busy page</a>'), "/busy": _retry_once},
    ),
    Firm(
        "moved",
        "Moved",
        ("www.moved.test",),
        {"/": Response(status=302, headers={"Location": "http://www.moved-de.test/"})},
    ),
    Firm(
        "moved-de",
        "Moved DE",
        ("www.moved-de.test",),
        {
            "/": _html("Start", '<header><a href="/kontakt">Kontakt</a></header>'),
            "/kontakt": _html("Kontakt", '<a href="tel:+4930123456">030 123456</a>'),
        },
    ),
    Firm(
        "edges",
        "Edges",
        ("www.edges.test",),
        {
            "/": _html(
                "Home",
                '<a href="/about">About us</a> <a href="http://help.other-vendor.test/">Help centre</a>',
            ),
            "/about": _html("About", '<a href="/contact">Contact us</a>'),
        },
    ),
    Firm(
        "slowpoke",
        "Slowpoke",
        ("www.slowpoke.test",),
        {
            "/": _html("Home", "".join(f'<a href="/stall/{n}">Contact {n}</a>' for n in range(6))),
            **{f"/stall/{n}": Response(HOME, stall=True) for n in range(6)},
        },
    ),
    Firm(
        "jsmoved",
        "Moved by the page itself",
        ("www.jsmoved.test",),
        {
            "/": _html("Home", '<a href="/contact">Contact us</a> <a href="/hours">Opening hours</a>'),
            "/contact": _html(
                "Moving", "<script>location.replace('/help/contact')</script><p>One moment</p>"
            ),
            "/help/contact": _html("Contact", '<a href="tel:+12025550123">202-555-0123</a>'),
            "/hours": "<!doctype html><html lang=en><head>"
            '<meta http-equiv="refresh" content="0; url=/help/hours">'
            "<title>Moving</title></head><body><p>One moment</p></body></html>",
            "/help/hours": _html("Hours", "<p>We answer the phone Monday to Friday, 9:00 to 17:00.</p>"),
        },
    ),
    Firm(
        "slowapp",
        "Slow documents and an app",
        ("www.slowapp.test",),
        {
            "/": _html(
                "Home",
                '<a href="https://play.google.com/store/apps/details?id=com.example.worldwide">Our app</a>'
                + "".join(f'<a href="/p{n}">Page {n}</a>' for n in range(3)),
            ),
            **{f"/p{n}": Response(_html(f"Page {n}", "text"), delay=SLOW_S) for n in range(3)},
        },
    ),
    Firm(
        "slowdocs",
        "Slow documents",
        ("www.slowdocs.test",),
        {
            "/": Response(
                _html("Home", "".join(f'<a href="/p{n}">Page {n}</a>' for n in range(5))), delay=SLOW_S
            ),
            **{f"/p{n}": Response(_html(f"Page {n}", "text"), delay=SLOW_S) for n in range(5)},
        },
    ),
    Firm(
        "delayed",
        "Delayed",
        ("www.delayed.test",),
        {
            "/robots.txt": Response("User-agent: *\nCrawl-delay: 1\n", content_type="text/plain"),
            "/": _html("Home", '<a href="/a">A</a> <a href="/b">B</a>'),
            "/a": _html("A", "a"),
            "/b": _html("B", "b"),
        },
    ),
]


@pytest.fixture(scope="module")
def edge_sites() -> Iterator[FixtureServer]:
    with FixtureServer(FIRMS) as server:
        yield server


def _entry(server: FixtureServer, name: str) -> str:
    return server.entry_url(name)


def test_an_empty_403_entry_is_blocked(edge_sites: FixtureServer, run_scan: Scanner) -> None:
    locale = run_scan(
        _entry(edge_sites, "forbidden"), host_resolver_rules=edge_sites.host_resolver_rules
    ).locales[0]
    assert locale.status == "blocked"
    assert locale.entry_page is not None and locale.entry_page.http_status == 403


def test_an_empty_404_robots_txt_allows_everything(edge_sites: FixtureServer, run_scan: Scanner) -> None:
    locale = run_scan(
        _entry(edge_sites, "norobots"), host_resolver_rules=edge_sites.host_resolver_rules
    ).locales[0]
    assert locale.status == "complete"
    assert any(page.url.endswith("/contact") and page.ok for page in locale.pages)


def test_an_empty_429_is_retried_after_retry_after(edge_sites: FixtureServer, run_scan: Scanner) -> None:
    locale = run_scan(
        _entry(edge_sites, "ratelimit"), host_resolver_rules=edge_sites.host_resolver_rules
    ).locales[0]
    busy = next(page for page in locale.pages if page.requested_url.endswith("/busy"))
    assert busy.ok and busy.http_status == 200
    assert len([r for r in edge_sites.requests_to("www.ratelimit.test") if r.path == "/busy"]) == 2


def test_an_entry_that_moves_to_another_domain_takes_the_site_along(
    edge_sites: FixtureServer, run_scan: Scanner
) -> None:
    locale = run_scan(
        _entry(edge_sites, "moved"), host_resolver_rules=edge_sites.host_resolver_rules
    ).locales[0]
    assert any(page.url.endswith("/kontakt") and page.ok for page in locale.pages)


def test_support_links_beyond_depth_or_off_site_are_listed_not_forgotten(
    edge_sites: FixtureServer, run_scan: Scanner
) -> None:
    locale = run_scan(
        _entry(edge_sites, "edges"), host_resolver_rules=edge_sites.host_resolver_rules, max_depth=1
    ).locales[0]
    reasons = {
        leftover.url.split("/", 3)[-1] or leftover.url: leftover.reason
        for leftover in locale.unvisited_support_links
    }
    assert reasons.get("contact") == "depth"
    assert "offsite" in reasons.values()


def test_the_deadline_cuts_the_crawl_and_keeps_what_was_read(
    edge_sites: FixtureServer, run_scan: Scanner
) -> None:
    started = time.monotonic()
    locale = run_scan(
        _entry(edge_sites, "slowpoke"),
        host_resolver_rules=edge_sites.host_resolver_rules,
        deadline_s=6.0,
        page_timeout_s=4.0,
    ).locales[0]
    assert time.monotonic() - started < 6.0 + 10.0
    assert locale.status == "partial"
    assert locale.entry_page is not None and locale.entry_page.ok
    assert locale.unvisited_support_links, "the support links not reached are listed"
    assert all(page.ok or page.error for page in locale.pages), "a page not read says why"


def test_robots_crawl_delay_spaces_the_requests(edge_sites: FixtureServer, run_scan: Scanner) -> None:
    edge_sites.clear_log()
    run_scan(_entry(edge_sites, "delayed"), host_resolver_rules=edge_sites.host_resolver_rules)
    times = [r.time for r in edge_sites.requests_to("www.delayed.test") if r.path in ("/", "/a", "/b")]
    assert len(times) == 3
    assert min(later - earlier for earlier, later in zip(times, times[1:], strict=False)) >= 0.9


def _overlap(arrivals: list[float]) -> int:
    """The most documents asked for within one document's answer time of each other."""
    return max(sum(1 for other in arrivals if start <= other < start + SLOW_S * 0.9) for start in arrivals)


def _noting_finish_times(finished: dict[str, float]) -> PageCallback:
    """A progress callback that notes when each page was finished (``on_page`` runs then)."""

    def note(_locale: str, page: PageSnapshot) -> None:
        finished.setdefault(page.url, time.monotonic())

    return note


def test_the_next_page_loads_while_the_last_is_finished_and_the_pages_stay_the_same(
    edge_sites: FixtureServer, run_scan: Scanner
) -> None:
    """Two tabs (issue 10): the next page is asked for while the entry page is still being
    finished (its screenshot and accessibility pass); one tab waits. Either way the crawl visits
    the same pages in the same order, since every page is chosen as one tab would choose it."""
    crawls = {}
    for tabs in (2, 1):
        edge_sites.clear_log()
        finished: dict[str, float] = {}
        result = run_scan(
            _entry(edge_sites, "slowdocs"),
            host_resolver_rules=edge_sites.host_resolver_rules,
            tabs_per_locale=tabs,
            on_page=_noting_finish_times(finished),
        )
        pages = [page.url for page in result.locales[0].pages]
        next_asked = min(r.time for r in edge_sites.requests_to("www.slowdocs.test") if r.path == "/p0")
        crawls[tabs] = (pages, next_asked < finished[pages[0]])
    assert crawls[2][1], "with two tabs, /p0 is asked for before the entry page is finished"
    assert not crawls[1][1], "with one tab, /p0 waits for the entry page to be finished"
    assert crawls[2][0] == crawls[1][0]
    assert [url.rsplit("/", 1)[1] for url in crawls[2][0]] == ["", "p0", "p1", "p2", "p3", "p4"]


def test_three_locales_keep_at_most_two_page_loads_in_flight_per_site(
    edge_sites: FixtureServer, run_scan: Scanner
) -> None:
    """Documents answer after SLOW_S seconds, so two arrivals closer than that were in flight together."""
    edge_sites.clear_log()
    run_scan(
        _entry(edge_sites, "slowdocs"),
        host_resolver_rules=edge_sites.host_resolver_rules,
        locales=("en-US", "it-IT", "de-DE"),
    )
    arrivals = sorted(
        r.time
        for r in edge_sites.requests_to("www.slowdocs.test")
        if r.path.startswith(("/p", "/?")) or r.path == "/"
    )
    assert len(arrivals) == 3 * 6
    assert _overlap(arrivals) == 2, "two locales load at once, never three"


def test_the_app_stores_are_asked_while_the_crawl_goes_on(
    edge_sites: FixtureServer, run_scan: Scanner, app_stores: FakeAppStores
) -> None:
    """The entry page links an app: its lookup goes out while the slow pages after it load, not
    after the crawl; the answer is the one a lookup at the end would give."""
    edge_sites.clear_log()
    app_stores.clear_log()
    result = run_scan(_entry(edge_sites, "slowapp"), host_resolver_rules=edge_sites.host_resolver_rules)
    app = AppRef(store="google", id="com.example.worldwide")
    asked = [lookup.time for lookup in app_stores.lookups_for(app, "US")]
    last_page = max(r.time for r in edge_sites.requests_to("www.slowapp.test") if r.path == "/p2")
    assert len(asked) == 1, "one lookup per (app, country)"
    assert asked[0] < last_page, "asked before the crawl's last page was even requested"
    [answer] = result.apps.answers
    assert (answer.id, answer.country, answer.available) == ("com.example.worldwide", "US", True)


def test_a_page_that_moves_itself_is_read_where_it_lands(
    edge_sites: FixtureServer, run_scan: Scanner
) -> None:
    """A script's location.replace and a meta refresh are redirects to a visitor: the page read is
    the one they land on, and the chain says how it got there."""
    scan = run_scan(_entry(edge_sites, "jsmoved"), host_resolver_rules=edge_sites.host_resolver_rules)
    locale = scan.locales[0]
    by_request = {page.requested_url.rsplit("/", 1)[1]: page for page in locale.pages}
    for asked, landed in (("contact", "/help/contact"), ("hours", "/help/hours")):
        page = by_request[asked]
        assert page.ok, f"/{asked}: {page.error}"
        assert page.url.endswith(landed)
        assert [url.rsplit(".test:", 1)[1].split("/", 1)[1] for url in page.redirect_chain][-1] == landed[1:]
    assert any(link.raw_href.startswith("tel:") for link in by_request["contact"].probe.links)
