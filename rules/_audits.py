"""The accessibility pass's results as the a11y rules read them: which pages were audited, which not.

A page the crawl should have audited (``checker.a11y.audit.wants_audit``) but did not, because
it did not load, the pass failed there or the scan predates it, is a blind spot for every
``a11y.*`` rule: they say ``needs_review`` rather than pass, fail or not applicable on what was
not checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.a11y.audit import wants_audit
from checker.a11y.model import AxeNode, PageAccessibility
from checker.snapshot import PageSnapshot
from rules._contact_links import page_state
from rules.context import LocaleContext
from rules.model import Evidence


@dataclass(frozen=True)
class AuditedPage:
    page: PageSnapshot
    audit: PageAccessibility


def audited_pages(context: LocaleContext) -> list[AuditedPage]:
    """Seen pages whose accessibility pass ran to the end, in visit order."""
    return [
        AuditedPage(page, page.accessibility)
        for page in context.seen_pages
        if page.accessibility is not None and page.accessibility.error is None
    ]


def unaudited(context: LocaleContext) -> list[str]:
    """Why a page that matters was not checked: it did not load, the pass failed there, or never ran.

    A support page or entry page that did not load is the first of these: whatever form, CAPTCHA
    or launcher it holds was never seen, so no rule may call it absent.
    """
    reasons = []
    for page in context.snapshots.pages:
        audit = page.accessibility
        if not page.ok:
            if _should_have_loaded(context, page):
                reasons.append(
                    f"{page.requested_url} could not be loaded ({page.error or page.error_kind}), "
                    "so its support elements were not checked"
                )
        elif audit is not None and audit.error is not None:
            reasons.append(f"{page.url}: {audit.error}")
        elif audit is None and wants_audit(page, _gathered_chats(context, page)):
            reasons.append(
                f"{page.url} was not checked for accessibility (an older scan, or checks turned off)"
            )
    return reasons


def _should_have_loaded(context: LocaleContext, page: PageSnapshot) -> bool:
    """A failed entry or support page that may hold what the rules look for.

    A page that is gone (404, 410, a redirect loop) holds nothing to check; contact.dead-end
    judges it. One a person's browser sent in its place is covered.
    """
    wanted = page.depth == 0 or page.support_score > 0
    return wanted and page_state(context, page)[0] != "dead" and not context.seen_by_person(page)


def _gathered_chats(context: LocaleContext, page: PageSnapshot) -> list[object]:
    """The chats the context already gathered on ``page`` (none where gathering failed)."""
    channels = context.page_channels.get(page.url)
    return list(channels.chat) if channels is not None else []


def node_evidence(context: LocaleContext, page: PageSnapshot, node: AxeNode) -> Evidence:
    """An axe node as evidence; frames in its selector path are joined with ``>>>``."""
    return Evidence(
        url=page.url,
        selector=" >>> ".join(node.target),
        snippet=node.html[:200],
        screenshot=context.screenshot_for(page.url),
    )


def element_evidence(
    context: LocaleContext, page: PageSnapshot, selector: str, snippet: str, crop: str = ""
) -> Evidence:
    """A support element as evidence, shown by its crop when one was taken, else by the page's screenshot."""
    return Evidence(
        url=page.url,
        selector=selector,
        snippet=snippet[:200],
        screenshot=crop or context.screenshot_for(page.url),
    )
