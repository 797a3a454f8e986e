"""The evidence a crawl takes of a page it read: its screenshot, and the accessibility pass.

A finding must show what the crawler saw, so pages where a channel was found (and the entry page,
and a page refusing the visitor) carry a JPEG screenshot; the support pages are audited with
axe-core and a keyboard walk (``checker.a11y``). Both are best-effort: a page without them still
stands, and the rules say what they could not see.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from pathlib import Path

from playwright.async_api import Browser

from checker.a11y.audit import A11yAuditor, wants_audit
from checker.a11y.crops import JPEG_QUALITY, SHOT_TIMEOUT_S, CropPlace
from checker.gather import gather_channels
from checker.job import LocaleJob
from checker.snapshot import PageSnapshot
from checker.tab import Tab

A11Y_TIMEOUT_S = 10.0  # the accessibility checks of one page get the page timeout, or this if longer

_CHANNEL_HINT = re.compile(r"@|\[at\]|\(at\)|\d(?:[\s().\-/]*\d){6}")


def _could_hold_a_channel(snapshot: PageSnapshot) -> bool:
    probe = snapshot.probe
    assert probe is not None
    return (
        snapshot.support_score > 0
        or any(link.raw_href.lower().startswith(("tel:", "mailto:")) for link in probe.links)
        or any(field.tag == "textarea" for form in probe.forms for field in form.fields)
        or any(_CHANNEL_HINT.search(block.text) for block in probe.text_blocks)
    )


def worth_screenshot(snapshot: PageSnapshot, country: str) -> bool:
    """The entry page, pages refusing the visitor (HTTP 403/451) and pages where contact
    channels were found carry screenshots; other failed pages carry none.

    The gatherers cost more than the screenshot, so they only run on pages that could hold a
    channel at all: reached by a support link, or showing a tel:/mailto: link, a message box, an
    "@" or a phone-length run of digits.
    """
    if snapshot.error_kind == "blocked":
        return True  # the refusal page is the evidence of a region lock
    if snapshot.error is not None:
        return False
    if snapshot.depth == 0:
        return True
    assert snapshot.probe is not None
    if not _could_hold_a_channel(snapshot):
        return False
    channels = gather_channels(snapshot.probe, snapshot.url, country)
    return channels.human_channel_count > 0 or bool(channels.callback)


class PageEvidence:
    """Screenshots and accessibility passes of one locale's pages, saved under the scan folder."""

    def __init__(
        self, browser: Browser, job: LocaleJob, scan_dir: Path, remaining_s: Callable[[], float]
    ) -> None:
        """``remaining_s`` says how long the scan has left, which bounds an accessibility pass."""
        self._job = job
        self._settings = job.settings
        self._scan_dir = scan_dir
        self._remaining_s = remaining_s
        self._auditor = A11yAuditor(browser, job.locale.language) if job.settings.accessibility else None
        self._audit_turn = asyncio.Lock()  # the auditor joins axe's results on one page of its own

    async def take(self, tab: Tab, snapshot: PageSnapshot, number: int) -> None:
        """The screenshot and the accessibility pass of page ``number``, a page that was read."""
        assert tab.page is not None
        if self._settings.screenshots and worth_screenshot(snapshot, self._job.locale.country):
            snapshot.screenshot = await self._screenshot(tab, number)
        if self._auditor is not None and wants_audit(snapshot):
            # Last: the keyboard walk may open a chat widget, so the probe and screenshot come first.
            allowed = min(max(1.0, self._remaining_s()), max(A11Y_TIMEOUT_S, self._settings.page_timeout_s))
            crops = CropPlace(self._scan_dir, self._stem(number)) if self._settings.screenshots else None
            async with self._audit_turn:
                snapshot.accessibility = await self._auditor.audit(tab.page, allowed, crops)
            if snapshot.accessibility.error is not None:
                await tab.recycle()  # axe may still be running in there: the next page starts clean

    async def close(self) -> None:
        if self._auditor is not None:
            await self._auditor.close()

    def _stem(self, number: int) -> str:
        """Page ``number``'s screenshot without ``.jpg``; its accessibility crops add ``-<what>.jpg``."""
        return f"screenshots/{self._job.locale.tag}/{number:03d}"

    async def _screenshot(self, tab: Tab, number: int) -> str | None:
        assert tab.page is not None
        relative = Path(f"{self._stem(number)}.jpg")
        target = self._scan_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            await tab.page.screenshot(
                path=str(target), type="jpeg", quality=JPEG_QUALITY, timeout=SHOT_TIMEOUT_S * 1000
            )
        except Exception:  # noqa: BLE001 - evidence is best-effort; the snapshot stands without it
            return None
        return relative.as_posix()
