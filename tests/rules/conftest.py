"""Builders for rule tests: locale contexts from hand-made snapshots and channels, no browser."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from checker.aggregate import merge_channels
from checker.channels import HelpMechanism, HelpMechanismKind, PageChannels
from checker.snapshot import LinkFact, LocaleSnapshots, PageSnapshot, ProbeResult
from rules.context import LocaleContext
from rules.model import Impact, Rule, RuleMeta

ENTRY = "https://www.acme.test/"


def page(
    url: str, depth: int = 0, *, error: str | None = None, support_score: float = 0.0, status: int = 200
) -> PageSnapshot:
    """A page snapshot; pages with an error carry no probe result, like the crawler's."""
    return PageSnapshot(
        locale="en-US",
        requested_url=url,
        final_url=url,
        http_status=status,
        depth=depth,
        support_score=support_score,
        error=error,
        error_kind="timeout" if error else None,
        probe=None if error else ProbeResult(url=url, title=f"Title of {url}"),
    )


def with_header(entry: PageSnapshot) -> PageSnapshot:
    """An entry page whose probe found a header (with a Home link), as most real pages have."""
    assert entry.probe is not None
    entry.probe.links.append(LinkFact(text="Home", href=ENTRY, raw_href="/", region="header", visible=True))
    return entry


ContextFactory = Callable[..., LocaleContext]


def stand_in_rule(rule_id: str, check: Callable[[LocaleContext], object]) -> Rule:
    """A throwaway rule for engine tests: minimal metadata around any check function."""
    meta = RuleMeta(
        id=rule_id, title="t", failure_title="f", description="d", impact=Impact.MINOR, tags=(), help="h"
    )
    return Rule(meta, check)  # type: ignore[arg-type]


@pytest.fixture
def make_context() -> ContextFactory:
    def build(
        pages: list[PageSnapshot],
        channels: dict[str, PageChannels] | None = None,
        status: str = "complete",
        leftovers: list[dict[str, object]] | None = None,
    ) -> LocaleContext:
        snapshots = LocaleSnapshots.model_validate(
            {
                "locale": "en-US",
                "entry_url": ENTRY,
                "status": status,
                "pages": [p.model_dump() for p in pages],
                "unvisited_support_links": leftovers or [],
            }
        )
        page_channels = {p.url: (channels or {}).get(p.url, PageChannels()) for p in snapshots.pages if p.ok}
        return LocaleContext(snapshots, page_channels, merge_channels(snapshots, page_channels))

    return build


def probed_page(
    url: str,
    depth: int = 1,
    *,
    title: str = "",
    texts: list[str] | None = None,
    links: list[dict[str, object]] | None = None,
    forms: list[dict[str, object]] | None = None,
    status: int = 200,
    requested_url: str | None = None,
    support_score: float = 1.0,
    error_kind: str | None = None,
) -> PageSnapshot:
    """A page with a probe result built from visible texts, links and forms (all in ``main``).

    A status of 400 or more marks the page with an error, as the crawler does, but keeps its probe.
    """
    blocks = [
        {
            "text": text,
            "tag": "h1" if index == 0 else "p",
            "region": "main",
            "selector": f"main > :nth-child({index + 1})",
        }
        for index, text in enumerate(texts or [])
    ]
    probe = ProbeResult.model_validate(
        {
            "url": url,
            "title": title or f"Title of {url}",
            "text_blocks": blocks,
            "links": [{"visible": True, "region": "main", **link} for link in links or []],
            "forms": forms or [],
        }
    )
    failed = status >= 400 or error_kind is not None
    return PageSnapshot(
        locale="en-US",
        requested_url=requested_url or url,
        final_url=url,
        http_status=status,
        redirect_chain=[requested_url, url] if requested_url else [],
        depth=depth,
        support_score=support_score,
        error=(f"HTTP {status}" if status >= 400 else error_kind) if failed else None,
        error_kind=(error_kind or ("blocked" if status in (401, 403, 451) else "http_error"))
        if failed
        else None,
        probe=probe,
    )


def headed_page(
    url: str, depth: int = 0, *, title: str = "", h1: str = "", support_score: float = 0.0
) -> PageSnapshot:
    """A read page with a title and, when given, a visible main heading."""
    blocks = [{"text": h1, "tag": "h1", "region": "main", "selector": "main > h1", "order": 10}] if h1 else []
    probe = ProbeResult.model_validate(
        {"url": url, "title": title or f"Title of {url}", "text_blocks": blocks}
    )
    return page(url, depth, support_score=support_score).model_copy(update={"probe": probe})


def mechanism(
    url: str, kind: HelpMechanismKind, key: str, order: int, region: str = "footer", text: str = ""
) -> HelpMechanism:
    """A help mechanism placed on a page; ``key`` names the same mechanism on other pages."""
    href = key.removeprefix("link:") if key.startswith("link:") else ""
    return HelpMechanism(
        url=url,
        kind=kind,
        key=key,
        order=order,
        region=region,
        text=text or key,
        href=href,
        selector=f"#m{order}",
    )
