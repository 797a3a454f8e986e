"""After a locale's crawl: the true click depth of each page, and the locale's status."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from checker.site import normalise_url
from checker.snapshot import FrontierLeftover, PageSnapshot

LocaleStatus = tuple[str, str]


def apply_shortest_depths(
    pages: list[PageSnapshot], links_out: dict[str, set[str]], entry_urls: Iterable[str]
) -> None:
    """Sets each page's depth to the fewest clicks from an entry page over the links seen.

    Best-first crawling may reach a page by a longer path first; the depth a customer needs is the
    shortest one.
    """
    by_url: dict[str, PageSnapshot] = {}
    for page in pages:
        by_url.setdefault(normalise_url(page.requested_url), page)
        by_url.setdefault(normalise_url(page.url), page)
    entries = [normalise_url(url) for url in entry_urls]
    depth: dict[str, int] = dict.fromkeys(entries, 0)
    queue = deque(entries)
    while queue:
        url = queue.popleft()
        visited = by_url.get(url)
        if visited is None:
            continue
        for target in links_out.get(normalise_url(visited.url), ()):
            if target not in depth:
                depth[target] = depth[url] + 1
                queue.append(target)
    for page in pages:
        keys = (normalise_url(page.requested_url), normalise_url(page.url))
        known = [depth[key] for key in keys if key in depth]
        if known:
            page.depth = min(known)


def locale_status(
    pages: list[PageSnapshot], leftovers: list[FrontierLeftover], cut_short: str
) -> LocaleStatus:
    """(status, reason): complete, partial (cut short), blocked (refused) or error (nothing read).

    Args:
        pages: the pages visited, entry first.
        leftovers: support links not visited.
        cut_short: why the crawl stopped early ("" when it ran to its budget or frontier's end).
    """
    entry = pages[0] if pages else None
    if entry is None:
        return "error", cut_short or "no page could be fetched"
    if entry.error_kind in ("blocked", "robots"):
        return "blocked", f"the entry page answered {entry.error}"
    if not any(page.ok for page in pages):
        return "error", f"the entry page could not be read: {entry.error}"
    if cut_short:
        return "partial", cut_short
    return "complete", ""
