"""The accessibility pass's results as the a11y rules read them: which pages were audited, which not.

A page the crawl should have audited (``checker.a11y.audit.wants_audit``) but did not, because
the pass failed there or the scan predates it, is a blind spot for every ``a11y.*`` rule: they
say ``needs_review`` rather than pass or fail on what was not checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.a11y.audit import wants_audit
from checker.a11y.model import AxeNode, PageAccessibility
from checker.snapshot import PageSnapshot
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
    """Why a page that matters was not checked: the pass failed there, or never ran."""
    reasons = []
    for page in context.seen_pages:
        audit = page.accessibility
        if audit is not None and audit.error is not None:
            reasons.append(f"{page.url}: {audit.error}")
        elif audit is None and wants_audit(page, _gathered_chats(context, page)):
            reasons.append(
                f"{page.url} was not checked for accessibility (an older scan, or checks turned off)"
            )
    return reasons


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


def element_evidence(context: LocaleContext, page: PageSnapshot, selector: str, snippet: str) -> Evidence:
    return Evidence(
        url=page.url, selector=selector, snippet=snippet[:200], screenshot=context.screenshot_for(page.url)
    )
