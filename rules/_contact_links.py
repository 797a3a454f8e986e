"""Where each contact link led: a real page, a dead end, a login wall, or somewhere not checked.

Helpers for the ``contact.dead-end`` and ``contact.login-wall`` rules. A status is only called
dead when it says the page is gone for everyone: 404 and 410 (or a clear soft 404). The crawler
does not retry, so any other error (a 500 or 502 that may pass in a minute, a 400 or 406 that may
answer the crawler's request alone, a 403 or 429 block), timeouts and pages never visited are
"unchecked", never dead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from checker.channels import ContactLink, _Channel
from checker.gather.pagekind import LinkProblem, PageSignal
from checker.site import host_of, registrable_domain
from checker.snapshot import PageSnapshot
from rules.context import LocaleContext
from rules.evidence import MAX_EVIDENCE
from rules.model import Evidence

# The only statuses that say a page is gone; every other error may be passing or meant for the crawler.
GONE_STATUSES = frozenset({404, 410})

LinkState = Literal["ok", "dead", "unchecked"]


@dataclass(frozen=True)
class LinkCheck:
    """One contact link and what following it showed."""

    link: ContactLink
    state: LinkState
    reason: str
    page: PageSnapshot | None = None
    off_site: bool = False

    def as_detail(self) -> dict[str, object]:
        return {"href": self.link.href, "text": self.link.text, "state": self.state, "reason": self.reason}


def contact_links(context: LocaleContext) -> list[ContactLink]:
    """Links to a contact page found on any seen page, hidden ones included, once per target."""
    return [link for link in context.channels.support_links if link.kind == "contact"]


def _site_domains(context: LocaleContext) -> frozenset[str]:
    urls = [context.snapshots.entry_url, *(page.url for page in context.snapshots.pages[:1])]
    return frozenset(registrable_domain(host_of(url)) for url in urls if host_of(url))


def _leftover_reason(context: LocaleContext, href: str) -> str:
    for leftover in context.snapshots.unvisited_support_links:
        if leftover.url.split("#", 1)[0].rstrip("/") == href.split("#", 1)[0].rstrip("/"):
            return f"not visited ({leftover.reason})"
    return "not visited"


def page_state(context: LocaleContext, page: PageSnapshot) -> tuple[LinkState, str]:
    """Whether a visited page is a dead end, a real page, or could not be told, and why."""
    status = page.http_status or 0
    if page.error_kind == "redirect_loop":
        return "dead", "redirects in a loop"
    if status in GONE_STATUSES and page.error_kind in ("http_error", None):
        return "dead", f"answered HTTP {status}"
    if status >= 400:
        return "unchecked", f"answered HTTP {status}, which may pass or be meant for the crawler only"
    if page.error_kind == "non_html" and 0 < status < 400:
        return "ok", f"a file ({page.content_type or 'not HTML'})"
    if not page.ok:
        return "unchecked", f"could not be read ({page.error or page.error_kind})"
    signal = context.facts_of(page).soft_404
    if signal is not None:
        return "dead", f"answered {status or 200} but says '{signal.snippet}' (a soft 404)"
    return "ok", f"answered {status or 200}"


def check_link(context: LocaleContext, link: ContactLink) -> LinkCheck:
    """Follows one contact link through the visited pages."""
    page = context.page_for(link.href)
    if page is None:
        if registrable_domain(host_of(link.href)) not in _site_domains(context):
            return LinkCheck(link, "unchecked", "on another site, not followed", off_site=True)
        return LinkCheck(link, "unchecked", _leftover_reason(context, link.href))
    state, reason = page_state(context, page)
    return LinkCheck(link, state, reason, page)


def human_ways(context: LocaleContext) -> list[_Channel]:
    """Channels a visitor can use without logging in: phone, email, contact form, non-bot chat
    (not those only a person signed in to the site saw)."""
    channels = context.channels
    chats = [chat for chat in channels.chat if chat.human is not False]
    signed_in = context.signed_in_urls
    return [
        way
        for way in (*channels.phone, *channels.email, *channels.contact_form, *chats)
        if way.url not in signed_in
    ]


def _redirected(page: PageSnapshot) -> bool:
    requested = page.requested_url.split("#", 1)[0].rstrip("/")
    return bool(page.redirect_chain) or requested != page.url.split("#", 1)[0].rstrip("/")


def login_wall(context: LocaleContext, page: PageSnapshot) -> PageSignal | None:
    """What shows that this support page stops a visitor at a sign-in, or None.

    A page offering a channel of its own is no wall. A password form counts when the support link
    was redirected to it, when it sits in the page's main content, or, on pages without landmarks,
    when the title or a top heading names a sign-in page; a sign-in box in a site header does not.
    A notice saying "sign in to contact us" counts on its own.
    """
    if not page.ok or page.depth == 0:
        return None
    own = context.page_channels.get(page.url)
    if own is not None and own.human_channel_count > 0:
        return None
    facts = context.facts_of(page)
    form = facts.login_form
    if form is not None and (
        _redirected(page) or form.region == "main" or (form.region == "other" and facts.login_titled)
    ):
        return form
    return facts.login_required


def support_pages(context: LocaleContext) -> list[PageSnapshot]:
    """Pages reached through a contact or help link, in visit order."""
    targets = {id(context.page_for(link.href)) for link in contact_links(context)}
    return [
        page
        for page in context.snapshots.pages
        if page.depth > 0 and (page.support_score > 0 or id(page) in targets)
    ]


def signal_evidence(
    context: LocaleContext, signals: Iterable[PageSignal | LinkProblem]
) -> tuple[Evidence, ...]:
    """Evidence for page signals and link problems, with the page's screenshot."""
    evidence = [
        Evidence(
            url=s.url,
            selector=s.selector,
            snippet=s.snippet if isinstance(s, PageSignal) else f"{s.snippet} ({s.href})",
            screenshot=context.screenshot_for(s.url),
        )
        for s in signals
    ]
    return tuple(evidence[:MAX_EVIDENCE])


def blind_evidence(context: LocaleContext) -> tuple[Evidence, ...]:
    """Evidence for the pages that could not be read, for a finding that asks for review."""
    return tuple(
        Evidence(
            url=page.requested_url, snippet=page.error or "", screenshot=context.screenshot_for(page.url)
        )
        for page in context.failed_pages[:MAX_EVIDENCE]
    )
