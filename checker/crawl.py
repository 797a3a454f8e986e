"""Crawls one firm from one locale: the unit of work that turns a :class:`LocaleJob` into snapshots.

Best-first toward support within the page and depth budgets, on the same site, obeying
robots.txt, sharing per-site politeness with the other locales of the scan. Whatever a page
does (hang, loop, crash, download, dialogs) becomes an ``error`` entry for that page and the
crawl goes on.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from playwright.async_api import Browser, BrowserContext

from checker.crawl_summary import apply_shortest_depths, locale_status
from checker.frontier import Frontier, FrontierItem, support_score
from checker.gather.language import warm_up as warm_up_language_model
from checker.gather.lexicon import warm_up_phrasebook
from checker.gather.saved import gather_page
from checker.job import LocaleJob
from checker.page_evidence import PageEvidence
from checker.politeness import MAX_RETRY_AFTER_S, MAX_RETRY_WAIT_S, Politeness, parse_retry_after
from checker.reader import LinkReading
from checker.robots import RobotsPolicy, allow_all, policy_from_response
from checker.site import host_of, is_crawlable, normalise_url, origin_of, registrable_domain, same_site
from checker.snapshot import FrontierLeftover, LinkFact, LocaleSnapshots, PageSnapshot
from checker.ssrf import TargetGuard
from checker.tab import Navigation, PopupWatch, Tab, status_error_kind
from checker.tab_reading import read_tab_links, read_tab_probe
from checker.vantage import new_locale_context, user_agent_for, vantage_signals

HTML_TYPES = ("text/html", "application/xhtml+xml")
RETRY_STATUSES = (429, 503)
MAX_LEFTOVERS = 20
DEADLINE_GRACE_S = 5.0  # a locale's crawl is cancelled this long after the scan deadline
MAX_CRAWL_DELAY_S = 10.0


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class LocaleCrawler:
    """State of one locale's crawl; :meth:`run` does the work."""

    def __init__(
        self,
        browser: Browser,
        job: LocaleJob,
        politeness: Politeness,
        scan_dir: Path,
        deadline: float,
        clock: Callable[[], float] = time.monotonic,
        on_page: Callable[[str, PageSnapshot], None] | None = None,
        guard: TargetGuard | None = None,
    ) -> None:
        self.on_page = on_page
        self.guard = guard or (TargetGuard() if job.settings.block_private_targets else None)
        self.browser = browser
        self.job = job
        self.settings = job.settings
        self.politeness = politeness
        self.scan_dir = scan_dir
        self.deadline = deadline
        self.clock = clock
        self.site_domains = {registrable_domain(host_of(url)) for url in job.entry_urls}
        self.frontier = Frontier()
        self.robots: dict[str, RobotsPolicy] = {}
        self.pages: list[PageSnapshot] = []
        self.links_out: dict[str, set[str]] = {}
        self.leftovers: list[FrontierLeftover] = []
        self.cut_short = ""
        self.tabs: list[Tab] = []
        self.evidence = PageEvidence(browser, job, scan_dir, self._remaining_s)
        self._robots_turn = asyncio.Lock()  # one fetch of each origin's robots.txt

    def _remaining_s(self) -> float:
        return self.deadline - self.clock()

    def _page_timeout(self) -> float:
        return max(1.0, min(self.settings.page_timeout_s, self._remaining_s()))

    async def _navigate(self, tab: Tab, url: str) -> Navigation:
        """One navigation inside the site's politeness slot, retrying after 429/503."""
        limiter = self.politeness.limiter(registrable_domain(host_of(url)))
        navigation = Navigation(requested_url=url)
        if self.guard is not None and (refusal := await self.guard.refusal_async(url)):
            navigation.error, navigation.error_kind = f"refused by the SSRF guard: {refusal}", "other"
            return navigation
        for attempt in range(self.settings.max_retries + 1):
            async with limiter.slot():
                navigation = await tab.goto(url, self._page_timeout())
            if navigation.http_status not in RETRY_STATUSES or attempt == self.settings.max_retries:
                break
            delay = parse_retry_after(navigation.retry_after)
            delay = float(2**attempt) if delay is None else delay
            # Slow every locale down, even when this page is given up on.
            limiter.back_off(min(delay, MAX_RETRY_AFTER_S))
            if delay > MAX_RETRY_WAIT_S or delay >= self._remaining_s():
                break
        return navigation

    async def _robots_for(self, tab: Tab, url: str) -> RobotsPolicy:
        async with self._robots_turn:
            return await self._fetch_robots(tab, url)

    async def _fetch_robots(self, tab: Tab, url: str) -> RobotsPolicy:
        origin = origin_of(url)
        if origin not in self.robots:
            if self.settings.ignore_robots:
                self.robots[origin] = allow_all(origin)
            else:
                navigation = await self._navigate(tab, f"{origin}/robots.txt")
                body = ""
                if (
                    navigation.response is not None
                    and navigation.http_status
                    and navigation.http_status < 400
                ):
                    try:
                        body = await navigation.response.text()
                    except Exception:  # noqa: BLE001 - an unreadable body is an empty robots.txt
                        body = ""
                # An answer with an error status is still an answer (404: no robots.txt at all).
                status = navigation.http_status
                self.robots[origin] = policy_from_response(
                    origin, status, body, navigation.error, navigation.error_kind
                )
                delay = self.robots[origin].crawl_delay()
                if delay:
                    limiter = self.politeness.limiter(registrable_domain(host_of(url)))
                    limiter.min_interval = max(limiter.min_interval, min(delay, MAX_CRAWL_DELAY_S))
        return self.robots[origin]

    async def _visit(self, tab: Tab, item: FrontierItem) -> tuple[PageSnapshot, LinkReading | None]:
        """Loads a page on ``tab`` and reads its links: all that choosing the next page needs.

        Returns the snapshot and, when the page could be read, its links (the probe comes later,
        in :meth:`_finish`).
        """
        navigation = await self._navigate(tab, item.url)
        snapshot = PageSnapshot(
            locale=self.job.locale.tag,
            requested_url=item.url,
            final_url=navigation.final_url,
            http_status=navigation.http_status,
            content_type=navigation.content_type,
            content_language=navigation.content_language,
            redirect_chain=navigation.redirect_chain if len(navigation.redirect_chain) > 1 else [],
            depth=item.depth,
            found_via=item.link_text[:300],
            support_score=item.score,
            parent_url=item.parent_url,
            fetched_at=now_iso(),
            error=navigation.error,
            error_kind=navigation.error_kind,
        )
        ready = await self._read_links(tab, snapshot, navigation) if navigation.error is None else None
        return snapshot, ready

    async def _read_links(
        self, tab: Tab, snapshot: PageSnapshot, navigation: Navigation
    ) -> LinkReading | None:
        """Consent and links of a page that answered; None when it cannot be read."""
        assert tab.page is not None and tab.cdp is not None
        status = navigation.http_status or 0
        if status >= 400:
            snapshot.error = f"HTTP {status}"
            snapshot.error_kind = status_error_kind(status)
        if not navigation.content_type.startswith(HTML_TYPES):
            snapshot.error = (
                snapshot.error or f"not an HTML page ({navigation.content_type or 'no content type'})"
            )
            snapshot.error_kind = snapshot.error_kind or "non_html"
            return None
        return await read_tab_links(tab, snapshot, self._read_timeout())

    def _read_timeout(self) -> float:
        return min(10.0, self._page_timeout())

    async def _finish(
        self, tab: Tab, snapshot: PageSnapshot, number: int, ready: LinkReading | None, started: float
    ) -> None:
        """Probe, screenshot, accessibility pass and gathering of page ``number``, already taken
        into the crawl, while the next page loads on the other tab."""
        if ready is not None and await read_tab_probe(
            tab, snapshot, ready, self._read_timeout(), self._queue_links
        ):
            self._queue_links(snapshot)  # links that appeared after the first reading
            await self.evidence.take(tab, snapshot, number)
        snapshot.dialogs = list(tab.dialogs)
        snapshot.popups = list(tab.popups)
        snapshot.elapsed_ms = int((self.clock() - started) * 1000)
        try:
            gather_page(snapshot, self.job.locale.country)  # the judge reuses it
        except Exception:  # noqa: BLE001 - the judge gathers again and names the page a blind spot
            pass
        if self.on_page is not None:
            self.on_page(self.job.locale.tag, snapshot)

    def _queue_links(self, snapshot: PageSnapshot, links: list[LinkFact] | None = None) -> None:
        """Queues the page's same-site links (``links``, else its probe's); support links it cannot
        follow are listed instead."""
        if links is None:
            if snapshot.probe is None:
                return
            links = snapshot.probe.links
        if snapshot.depth == 0 and snapshot.error is None:
            # An entry that redirects to another domain (brand.com -> brand.de) moves the site.
            self.site_domains.add(registrable_domain(host_of(snapshot.url)))
        targets = self.links_out.setdefault(normalise_url(snapshot.url), set())
        for link in links:
            if not is_crawlable(link.href):
                continue
            url = normalise_url(link.href)
            text = link.name or link.text or link.title
            if not same_site(url, frozenset(self.site_domains)):
                self._note_leftover(url, text, "offsite")
                continue
            targets.add(url)
            if snapshot.depth < self.settings.max_depth:
                self.frontier.add(url, snapshot.depth + 1, text, snapshot.url)
            elif not self.frontier.knows(url):
                self._note_leftover(url, text, "depth")

    def _note_leftover(self, url: str, text: str, reason: str) -> None:
        """Lists a support link the crawl will not visit, so rules know what was not seen."""
        score = support_score(text, url)
        known = {leftover.url for leftover in self.leftovers}
        if score > 0 and url not in known and len(self.leftovers) < MAX_LEFTOVERS:
            self.leftovers.append(
                FrontierLeftover(url=url, text=text[:200], score=score, reason=reason)  # type: ignore[arg-type]
            )

    async def run(self) -> LocaleSnapshots:
        """Crawls until the budget, the frontier or the deadline ends; never loses what it saw."""
        started_at = now_iso()
        # Made while the browser works; the pages' gathering needs them.
        warm_up_language_model()
        warm_up_phrasebook()
        user_agent = user_agent_for(self.browser.version, self.settings.user_agent_suffix)
        context: BrowserContext | None = None
        try:
            async with asyncio.timeout(max(0.0, self._remaining_s()) + DEADLINE_GRACE_S):
                context = await new_locale_context(self.browser, self.job, user_agent)
                popups = PopupWatch(context)
                for _ in range(self._tab_count()):
                    self.tabs.append(Tab(context, self.job.locale, user_agent, self.guard, popups))
                    await self.tabs[-1].open()
                for url in self.job.entry_urls:
                    self.frontier.add(normalise_url(url), 0)
                await self._crawl()
        except TimeoutError:
            self.cut_short = "the scan deadline was reached"
        except Exception as error:  # noqa: BLE001 - a broken browser must not lose the pages read
            self.cut_short = f"the crawl failed: {type(error).__name__}: {str(error)[:300]}"
        finally:
            await self.evidence.close()
            if context is not None:
                try:
                    await asyncio.wait_for(context.close(), 10)
                except Exception:  # noqa: BLE001 - a wedged context must not hide the results
                    pass
        self._mark_unread()
        self._list_unvisited()
        return self._result(started_at)

    def _mark_unread(self) -> None:
        """A page whose links were read but whose probe the deadline cut off says so: it was not seen."""
        for page in self.pages:
            if page.probe is None and page.error is None:
                page.error = "the scan deadline was reached before the page was read"
                page.error_kind = "timeout"

    def _tab_count(self) -> int:
        """Tabs that crawl side by side: one page loads while another is read (no more than the
        site's in-flight limit, which holds across tabs and locales anyway)."""
        return max(1, min(self.settings.tabs_per_locale, self.settings.max_in_flight_per_site))

    async def _crawl(self) -> None:
        """Best-first, one page at a time as far as choosing goes, on all tabs as far as work goes.

        A page's links are queued as soon as they are read, and the next page, chosen with them,
        starts loading on another tab while this one is finished (probe, screenshot,
        accessibility pass, gathering). Every page is the one a single tab would choose: tabs
        change how long a crawl takes, never which pages it visits.
        """
        finishing: dict[int, asyncio.Task[None]] = {}  # by tab: the page it is still finishing
        turn = 0
        try:
            while True:
                slot = turn % len(self.tabs)
                if (pending := finishing.pop(slot, None)) is not None:
                    await pending
                tab = self.tabs[slot]
                item = await self._next_item(tab)
                if item is None:
                    break
                started = self.clock()
                snapshot, ready = await self._visit(tab, item)
                self._add(snapshot, ready.links if ready is not None else None)
                finishing[slot] = asyncio.create_task(
                    self._finish(tab, snapshot, len(self.pages) - 1, ready, started)
                )
                turn += 1
            for pending in finishing.values():
                await pending
        finally:
            for pending in finishing.values():
                pending.cancel()  # cut short (the deadline): the page stays, unfinished

    async def _next_item(self, tab: Tab) -> FrontierItem | None:
        """The next page to visit within the budget, robots.txt asked on ``tab`` on the way."""
        while len(self.pages) < self.settings.max_pages:
            if self._remaining_s() <= 0:
                self.cut_short = "the scan deadline was reached"
                return None
            item = self.frontier.pop()
            if item is None:
                return None
            policy = await self._robots_for(tab, item.url)
            if policy.unreachable_kind is not None:
                snapshot = self._unreachable(item, policy)
                self._add(snapshot, None)
                if self.on_page is not None:
                    self.on_page(self.job.locale.tag, snapshot)
            elif not policy.allows(item.url):
                self._skip_disallowed(item, policy)
            else:
                return item
        return None

    def _add(self, snapshot: PageSnapshot, links: list[LinkFact] | None) -> None:
        """Takes a page into the crawl, with the links read from it, if any."""
        self.pages.append(snapshot)
        if links is not None:
            self._queue_links(snapshot, links)

    def _list_unvisited(self) -> None:
        reason = "deadline" if self.cut_short else "budget"
        for item in self.frontier.remaining():
            self._note_leftover(item.url, item.link_text, reason)

    def _snapshot_for(self, item: FrontierItem) -> PageSnapshot:
        return PageSnapshot(
            locale=self.job.locale.tag,
            requested_url=item.url,
            depth=item.depth,
            found_via=item.link_text[:300],
            support_score=item.score,
            parent_url=item.parent_url,
            fetched_at=now_iso(),
        )

    def _unreachable(self, item: FrontierItem, policy: RobotsPolicy) -> PageSnapshot:
        """A page on an origin whose robots.txt could not be reached: the page cannot be either."""
        snapshot = self._snapshot_for(item)
        snapshot.error = policy.note
        snapshot.error_kind = policy.unreachable_kind  # type: ignore[assignment]
        return snapshot

    def _skip_disallowed(self, item: FrontierItem, policy: RobotsPolicy) -> None:
        """Disallowed pages are not fetched; support links and entries among them are listed."""
        if item.depth == 0 or item.score > 0:
            self.leftovers.append(
                FrontierLeftover(url=item.url, text=item.link_text[:200], score=item.score, reason="robots")
            )
        if item.depth == 0:
            snapshot = self._snapshot_for(item)
            snapshot.error = f"robots.txt disallows this page ({policy.note})"
            snapshot.error_kind = "robots"
            self.pages.append(snapshot)

    def _result(self, started_at: str) -> LocaleSnapshots:
        apply_shortest_depths(self.pages, self.links_out, self.job.entry_urls)
        status, reason = locale_status(self.pages, self.leftovers, self.cut_short)
        locale = self.job.locale
        return LocaleSnapshots(
            locale=locale.tag,
            entry_url=self.job.entry_urls[0],
            status=status,  # type: ignore[arg-type]
            status_reason=reason,
            robots_ignored=self.settings.ignore_robots,
            robots_disallowed=[leftover.url for leftover in self.leftovers if leftover.reason == "robots"],
            started_at=started_at,
            finished_at=now_iso(),
            vantage=vantage_signals(locale),
            pages=self.pages,
            unvisited_support_links=self.leftovers,
        )
