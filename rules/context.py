"""What a rule sees: one locale's snapshots with the channels gathered from them.

Building the context runs the pure gatherers over saved snapshots, so a re-judged scan benefits
from better detection as well as from newer rules. No browser, no network.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from checker.aggregate import merge_channels
from checker.appstores.model import AppAvailability, AppRef, StoreAnswer
from checker.channels import AppLink, Channels, PageChannels
from checker.gather import gather_channels
from checker.gather.apps import app_from_url
from checker.gather.language import PageLanguage, page_language
from checker.gather.pagekind import LinkProblem, PageFacts, is_login_page, page_facts
from checker.gather.regional import region_notice
from checker.locales import country_of
from checker.site import host_of, normalise_url, registrable_domain
from checker.snapshot import LocaleSnapshots, PageSnapshot, ProbeResult
from checker.timings import phase

MAX_CONTACT_DEPTH = 3
SHELL_MAX_LINKS = 3
SHELL_MAX_TEXT = 200


def looks_unrendered(probe: ProbeResult) -> bool:
    """Scripts, but hardly any links or text: a single-page app that had not drawn itself yet."""
    if not probe.scripts:
        return False
    visible_text = sum(len(block.text) for block in probe.text_blocks if block.visibility == "visible")
    return len(probe.links) <= SHELL_MAX_LINKS and visible_text <= SHELL_MAX_TEXT


@dataclass(frozen=True)
class FirmApp:
    """One of the firm's apps as seen from one locale: where its pages link it, what the store said.

    The firm's apps are the same in every locale (those it declares, and those any locale's pages
    link), so a locale whose site forgets the app is still judged on it.
    """

    app: AppRef
    declared: bool = False
    links: tuple[AppLink, ...] = ()
    answer: StoreAnswer | None = None  # None: the store was not asked (an older scan, say)
    person_answer: StoreAnswer | None = None  # the store page a person sent as evidence, if any


@dataclass
class LocaleContext:
    """One (firm, locale) unit of work, ready to judge."""

    snapshots: LocaleSnapshots
    page_channels: dict[str, PageChannels]
    channels: Channels
    screenshots: dict[str, str] = field(default_factory=dict)
    gather_errors: dict[str, str] = field(default_factory=dict)  # page URL -> why detection failed
    apps: list[FirmApp] = field(default_factory=list)
    page_languages: dict[str, PageLanguage] = field(default_factory=dict)  # page URL -> its language
    page_facts: dict[str, PageFacts] = field(default_factory=dict)  # page URL -> its facts

    @property
    def locale(self) -> str:
        return self.snapshots.locale

    @property
    def country(self) -> str:
        return country_of(self.snapshots.locale)

    @property
    def entry(self) -> PageSnapshot | None:
        return self.snapshots.entry_page

    @property
    def seen_pages(self) -> list[PageSnapshot]:
        return [page for page in self.snapshots.pages if page.ok]

    @property
    def failed_pages(self) -> list[PageSnapshot]:
        return [page for page in self.snapshots.pages if not page.ok]

    def blind_spots(self, count_login_walls: bool = True) -> list[str]:
        """Reasons the crawl may have missed something; empty when it saw all it looked for.

        A rule that would fail on something *missing* must return ``needs_review`` instead when
        this list is not empty: we never accuse a firm of what we could not see. That includes
        pages in a language without a lexicon (see :meth:`unread_languages`), so every rule that
        rests on an absence (``human.channel``, ``contact.*``, ``callback.offered``, and the
        ``access.*`` rules to come) gets the language guard by calling this, not by copying it.

        Args:
            count_login_walls: whether a support page asking visitors to log in is a blind spot;
                a rule judging login walls themselves passes False.
        """
        reasons = [self._unread_reason(language, urls) for language, urls in self.unread_languages().items()]
        entry = self.entry
        entry_by_person = entry is not None and self.seen_by_person(entry)
        if (entry is None or not entry.ok) and not entry_by_person:
            reasons.append(f"the entry page could not be read ({entry.error if entry else 'not fetched'})")
        # A site that refused the crawler but showed a person its entry page is seen through them.
        if self.snapshots.status != "complete" and not (
            self.snapshots.status == "blocked" and entry_by_person
        ):
            reasons.append(f"the crawl was {self.snapshots.status}: {self.snapshots.status_reason}")
        reasons.extend(self._unvisited_from_person_pages())
        for page in self.snapshots.pages:
            if page.probe is not None and page.error is None:
                reasons.extend(self.unseen_parts(page, count_login_walls, count_language=False))
        for leftover in self.snapshots.unvisited_support_links:
            # An app-store page ("…/fibrax-assistenza/id123") is the app, which the stores judge.
            if app_from_url(leftover.url) is None:
                reasons.append(f"support link not visited ({leftover.reason}): {leftover.url}")
        for page in self.snapshots.pages:
            if page.support_score <= 0 or self.seen_by_person(page):
                continue
            if not page.ok:
                reasons.append(f"a support page could not be read ({page.error_kind}): {page.requested_url}")
            elif count_login_walls and page.probe is not None and is_login_page(page.probe):
                reasons.append(f"a support page asks visitors to log in: {page.requested_url} → {page.url}")
        return reasons

    def unseen_parts(
        self, page: PageSnapshot, count_login_walls: bool = True, count_language: bool = True
    ) -> list[str]:
        """What a page that was read still hid: its words, in a language without a lexicon; a
        consent wall left up, lists cut, a login form, an application shell that never drew its
        content, or markup the gatherers choked on."""
        assert page.probe is not None
        reasons = []
        language = self.page_languages.get(page.url)
        if count_language and language is not None and not language.readable:
            reasons.append(self._unread_reason(language, [page.url]))
        if page.url in self.gather_errors:
            reasons.append(f"detection failed on {page.url}: {self.gather_errors[page.url]}")
        if looks_unrendered(page.probe):
            reasons.append(f"{page.url} still looked like an empty application shell when it was read")
        if page.consent is not None and page.consent.action == "none":
            reasons.append(f"a consent wall could not be dismissed on {page.url}")
        if page.probe.truncated:
            reasons.append(f"{page.url} was too large to read whole ({', '.join(page.probe.truncated)})")
        login_entry = page.depth == 0 and is_login_page(page.probe) and not self.seen_by_person(page)
        if count_login_walls and login_entry:
            reasons.append(f"the entry page asks visitors to log in: {page.url}")
        return reasons

    @property
    def person_pages(self) -> list[PageSnapshot]:
        """Pages a person's browser read and sent as evidence (accepted on the dashboard)."""
        return [page for page in self.snapshots.pages if page.supplied_by and page.ok]

    @property
    def signed_in_urls(self) -> set[str]:
        """Pages a person saw signed in: what they show, an anonymous visitor does not see."""
        return {page.url for page in self.person_pages if page.signed_in}

    def _unvisited_from_person_pages(self) -> list[str]:
        """Support links on the pages a person sent that neither the crawl nor a person opened:
        a person's pages cover what the crawler missed only together with where they lead."""
        sites = {registrable_domain(host_of(page.url)) for page in self.person_pages}
        reasons: dict[str, None] = {}
        for page in self.person_pages:
            channels = self.page_channels.get(page.url)
            for link in channels.support_links if channels else ():
                on_site = link.href.startswith("http") and registrable_domain(host_of(link.href)) in sites
                if on_site and app_from_url(link.href) is None and self.page_for(link.href) is None:
                    reasons[f"a support link on a page a person sent was not opened: {link.href}"] = None
        return list(reasons)

    def seen_by_person(self, page: PageSnapshot) -> bool:
        """Whether a person supplied what the crawler could not see of ``page`` (a login wall, a
        refused or failed page): a page of theirs at the address the crawler asked for or landed on."""
        if page.supplied_by:
            return False
        addresses = {normalise_url(address) for address in (page.requested_url, page.url) if address}
        return any(normalise_url(person.requested_url) in addresses for person in self.person_pages)

    def unread_languages(self) -> dict[PageLanguage, list[str]]:
        """Pages read in a language that has no lexicon, by language (the URLs in visit order).

        On such a page only what needs no words is found (``tel:`` and ``mailto:`` links, chat
        widgets, message forms): what it offers in words (a contact link, a call back, hours)
        cannot be told from its absence.
        """
        unread: dict[PageLanguage, list[str]] = {}
        for url, language in self.page_languages.items():
            if not language.readable:
                unread.setdefault(PageLanguage(language.code), []).append(url)
        return unread

    @staticmethod
    def _unread_reason(language: PageLanguage, urls: list[str]) -> str:
        pages = f"{urls[0]} is" if len(urls) == 1 else f"{len(urls)} pages ({urls[0]}, …) are"
        return (
            f"{pages} in {language.name} ({language.code}), a language supportcheck has no phrase "
            "lists for, so the words naming contact, help, call backs or hours there could not be read"
        )

    def screenshot_for(self, url: str) -> str | None:
        return self.screenshots.get(url)

    def facts_of(self, page: PageSnapshot) -> PageFacts:
        """Soft-404, login-wall and link facts of a page that has a probe result, made once.

        :func:`build_context` makes them beside the channels; a context put together otherwise
        gets them on first request.
        """
        if page.url not in self.page_facts:
            if page.probe is None or page.url in self.gather_errors:
                return PageFacts()
            self.page_facts[page.url] = page_facts(page.probe, page.url, self.country)
        return self.page_facts[page.url]

    def link_problems(self) -> list[LinkProblem]:
        """Broken tel:/mailto:/contact links on every seen page, once per target and problem."""
        unique: dict[tuple[str, str], LinkProblem] = {}
        for page in self.seen_pages:
            for problem in self.facts_of(page).link_problems:
                unique.setdefault((problem.href, problem.problem), problem)
        return list(unique.values())

    def page_for(self, url: str) -> PageSnapshot | None:
        """The visited page a link to ``url`` led to (its request, redirects or final address)."""
        target = normalise_url(url)
        for page in self.snapshots.pages:
            addresses = [page.requested_url, page.url, *page.redirect_chain]
            if any(normalise_url(address) == target for address in addresses if address):
                return page
        return None


def with_region_block(locale_snapshots: LocaleSnapshots) -> LocaleSnapshots:
    """The snapshots, marked ``blocked`` when the entry page answered but says the site is not
    available in this region (often after a redirect): the visitor never reaches the site, as
    with a 451. Decided here, not by the crawler, so re-judging an old scan applies it too."""
    entry = locale_snapshots.entry_page
    if locale_snapshots.status == "blocked" or entry is None or not entry.ok or entry.probe is None:
        return locale_snapshots
    notice = region_notice(entry.probe, entry.url)
    if notice is None:
        return locale_snapshots
    reason = f"the entry page says the site is not available here: “{notice.snippet}”"
    return locale_snapshots.model_copy(update={"status": "blocked", "status_reason": reason})


def build_context(locale_snapshots: LocaleSnapshots) -> LocaleContext:
    """Gathers channels from every seen page and merges them for the locale.

    A page on which a gatherer fails is left out and named as a blind spot: one odd page must not
    stop the judgement of the others, nor let a rule fail on what it hid.
    """
    locale_snapshots = with_region_block(locale_snapshots)
    country = country_of(locale_snapshots.locale)
    page_channels: dict[str, PageChannels] = {}
    # Refused pages (HTTP 451, say) keep their screenshots: they are the evidence of the refusal.
    screenshots = {page.url: page.screenshot for page in locale_snapshots.pages if page.screenshot}
    gather_errors: dict[str, str] = {}
    page_languages: dict[str, PageLanguage] = {}
    facts: dict[str, PageFacts] = {}
    for page in locale_snapshots.pages:
        if page.probe is None:
            continue
        try:
            # Several rules read a page's facts, on error pages too (a 404 contact page): made once.
            facts[page.url] = page_facts(page.probe, page.url, country)
            if page.error is None:
                page_channels[page.url] = gather_channels(page.probe, page.url, country)
                page_languages[page.url] = page_language(page.probe, page.content_language)
        except Exception as error:  # noqa: BLE001 - detection bugs become blind spots, not crashes
            gather_errors[page.url] = f"{type(error).__name__}: {str(error)[:200]}"
    return LocaleContext(
        snapshots=locale_snapshots,
        page_channels=page_channels,
        channels=merge_channels(locale_snapshots, page_channels),
        screenshots=screenshots,
        gather_errors=gather_errors,
        page_languages=page_languages,
        page_facts=facts,
    )


@dataclass
class ScanContext:
    """Every locale of one scan, for the rules that compare locales (region locks, parity)."""

    locales: list[LocaleContext]

    def others(self, context: LocaleContext) -> list[LocaleContext]:
        return [other for other in self.locales if other is not context]


def firm_apps(contexts: Iterable[LocaleContext], declared: Sequence[AppRef]) -> list[AppRef]:
    """The firm's apps: declared first, then as linked by any locale's pages, each once."""
    apps: dict[AppRef, None] = dict.fromkeys(declared)
    for context in contexts:
        apps.update(dict.fromkeys(AppRef(store=link.store, id=link.id) for link in context.channels.apps))
    return list(apps)


def build_scan_context(
    locales: Iterable[LocaleSnapshots],
    declared_apps: Sequence[AppRef] = (),
    availability: AppAvailability | None = None,
) -> ScanContext:
    """Every locale's context, each told about all the firm's apps and its own storefront's answers."""
    with phase("gather"):
        contexts = [build_context(locale_snapshots) for locale_snapshots in locales]
    apps = firm_apps(contexts, declared_apps)
    for context in contexts:
        context.apps = [
            FirmApp(
                app=app,
                declared=app in declared_apps,
                links=tuple(
                    link for link in context.channels.apps if (link.store, link.id) == (app.store, app.id)
                ),
                answer=availability.answer(app, context.country) if availability else None,
                person_answer=availability.person_answer(app, context.country) if availability else None,
            )
            for app in apps
        ]
    return ScanContext(contexts)
