"""Reads the page a tab holds into its snapshot, following the page where it moves itself.

A script's ``location.replace`` or a ``<meta http-equiv="refresh">`` is a redirect to a
visitor, but it happens after the document arrived, in the middle of reading it: the reader's
isolated world goes with the old document and the evaluation fails. Such a failure is taken for
a move when the tab has gone to another address meanwhile; the new document is then read in its
place, the move is added to the snapshot's redirect chain, and only a page that keeps moving
(more than ``MAX_CLIENT_REDIRECTS`` times) or fails otherwise is an unreadable page.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from checker.reader import LinkReading, read_links, read_probe
from checker.snapshot import LinkFact, PageSnapshot
from checker.tab import Tab

MAX_CLIENT_REDIRECTS = 3
MOVE_NOTICE_S = 0.3  # how long a failed read waits to learn whether the tab went elsewhere
_POLL_S = 0.05


async def read_tab_links(tab: Tab, snapshot: PageSnapshot, timeout_s: float) -> LinkReading | None:
    """The links of the tab's document once it is ready to probe; None when it cannot be read
    (the snapshot then says why and the tab is replaced)."""
    assert tab.page is not None and tab.cdp is not None
    world = tab.world_id
    address = snapshot.final_url or tab.page.url
    for _ in range(MAX_CLIENT_REDIRECTS + 1):
        try:
            ready = await read_links(tab.page, tab.cdp, tab.frame_id, timeout_s, world)
        except Exception as error:  # noqa: BLE001 - hostile pages break the reader in any way
            if not await _moved(tab, address, timeout_s):
                await _unreadable(tab, snapshot, str(error))
                return None
            address = _note_move(snapshot, tab)
            world = None  # the new document's isolated world, made by the reader
            continue
        snapshot.consent = ready.consent
        snapshot.final_url = ready.url or snapshot.final_url
        return ready
    await _unreadable(tab, snapshot, "the page kept moving while it was read")
    return None


async def read_tab_probe(
    tab: Tab,
    snapshot: PageSnapshot,
    ready: LinkReading,
    timeout_s: float,
    on_links: Callable[[PageSnapshot, list[LinkFact]], None],
) -> bool:
    """The whole probe of the document whose links ``ready`` holds, or of the one it moved to
    (whose links go to ``on_links`` first); whether it was read."""
    assert tab.cdp is not None
    for _ in range(MAX_CLIENT_REDIRECTS + 1):
        try:
            probe = await read_probe(tab.cdp, ready.world, timeout_s)
        except Exception as error:  # noqa: BLE001 - hostile pages break the reader in any way
            if not await _moved(tab, ready.url, timeout_s):
                await _unreadable(tab, snapshot, str(error))
                return False
            _note_move(snapshot, tab)
            moved_to = await read_tab_links(tab, snapshot, timeout_s)
            if moved_to is None:
                return False
            on_links(snapshot, moved_to.links)
            ready = moved_to
            continue
        snapshot.probe = probe
        snapshot.final_url = probe.url or snapshot.final_url
        return True
    await _unreadable(tab, snapshot, "the page kept moving while it was read")
    return False


async def _moved(tab: Tab, address: str, timeout_s: float) -> bool:
    """Whether the tab went to another address than ``address``; if so, once that document's
    DOM is ready."""
    assert tab.page is not None
    noticed_by = time.monotonic() + MOVE_NOTICE_S
    while _without_fragment(tab.page.url) == _without_fragment(address):
        if time.monotonic() >= noticed_by:
            return False
        await asyncio.sleep(_POLL_S)
    try:
        await tab.page.wait_for_load_state("domcontentloaded", timeout=timeout_s * 1000)
    except Exception:  # noqa: BLE001 - a new document that never gets ready is unreadable
        return False
    return True


def _note_move(snapshot: PageSnapshot, tab: Tab) -> str:
    """Adds the tab's new address to the snapshot's redirect chain; returns it."""
    assert tab.page is not None
    address = tab.page.url
    chain = snapshot.redirect_chain or [snapshot.final_url or snapshot.requested_url]
    snapshot.redirect_chain = [*chain, address]
    snapshot.final_url = address
    return address


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


async def _unreadable(tab: Tab, snapshot: PageSnapshot, reason: str) -> None:
    snapshot.error = snapshot.error or f"the page could not be read: {reason[:200]}"
    snapshot.error_kind = snapshot.error_kind or "probe"
    await tab.recycle()
