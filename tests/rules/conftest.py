"""Builders for rule tests: locale contexts from hand-made snapshots and channels, no browser."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from checker.aggregate import merge_channels
from checker.channels import PageChannels
from checker.snapshot import LocaleSnapshots, PageSnapshot, ProbeResult
from rules.context import LocaleContext

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


ContextFactory = Callable[..., LocaleContext]


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
