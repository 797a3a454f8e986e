"""The accessibility pass of one locale's crawl: which pages to audit, and the audit of one page.

Only the pages that matter are audited: the entry page, the contact and help pages the crawl
followed, and any page with a message form or a chat launcher. On them, ``extension/a11y.js``
finds the support elements, axe-core runs scoped to those (``checker.a11y.axe``) and a keyboard
walk tries the launcher and the contact link (``checker.a11y.keyboard``). A failure is recorded
in the page's ``accessibility.error``; the crawl goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence
from functools import cache

from playwright.async_api import Browser, BrowserContext, Page
from playwright.async_api import Error as PlaywrightError

from checker.a11y.axe import run_axe
from checker.a11y.crops import CropPlace, save_crops
from checker.a11y.inpage import call_in
from checker.a11y.keyboard import walk_keyboard
from checker.a11y.model import CaptchaFact, FormSteps, PageAccessibility, SupportElement
from checker.a11y.sources import axe_source
from checker.gather.chat import gather_chats
from checker.gather.lexicon import UnknownLanguage, load_lexicon
from checker.snapshot import PageSnapshot
from checker.timings import phase

AUDIT_TIMEOUT_S = 20.0
FRAMES_LOAD_TIMEOUT_S = 3.0
MESSAGE_FIELDS = ("textarea",)
MESSAGE_TYPES = ("email", "tel")


@cache
def support_words(language: str) -> tuple[str, ...]:
    """Lower-case phrases naming contact and help pages, in ``language`` and in English."""
    words: list[str] = []
    for code in dict.fromkeys((language, "en")):
        try:
            lexicon = load_lexicon(code)
        except UnknownLanguage:
            continue
        words += [phrase.lower() for phrase in (*lexicon.contact, *lexicon.help)]
    return tuple(dict.fromkeys(words))


def wants_audit(snapshot: PageSnapshot, chats: Sequence[object] | None = None) -> bool:
    """The entry page, a page reached by a support link, or one with a message form or a chat.

    Args:
        snapshot: the page.
        chats: the chats already gathered from it, when the caller has them (the rules do);
            None gathers them here.
    """
    if not snapshot.ok:
        return False
    if snapshot.depth == 0 or snapshot.support_score > 0:
        return True
    probe = snapshot.probe
    assert probe is not None
    has_message_form = any(
        field.tag in MESSAGE_FIELDS or field.type in MESSAGE_TYPES
        for form in probe.forms
        for field in form.fields
    )
    return has_message_form or bool(gather_chats(probe, snapshot.url) if chats is None else chats)


class A11yAuditor:
    """Audits pages of one locale's crawl; owns the blank page where axe's results are joined."""

    def __init__(self, browser: Browser, language: str, timeout_s: float = AUDIT_TIMEOUT_S) -> None:
        self._browser = browser
        self._words = list(support_words(language))
        self._timeout_s = timeout_s
        self._context: BrowserContext | None = None
        self._finisher: Page | None = None

    async def _finisher_page(self) -> Page:
        if self._finisher is None or self._finisher.is_closed():
            if self._context is None:
                self._context = await self._browser.new_context()
            self._finisher = await self._context.new_page()
            await self._finisher.evaluate(axe_source())
        return self._finisher

    async def audit(
        self, page: Page, timeout_s: float | None = None, crops: CropPlace | None = None
    ) -> PageAccessibility:
        """What the support path of the loaded ``page`` offers a disabled visitor; never raises.

        Args:
            page: the page, loaded and already probed.
            timeout_s: at most this long (the time left before the scan's deadline), and never
                more than the auditor's own limit.
            crops: where to save screenshot crops of what our own checks found wanting; None
                takes none (screenshots turned off).
        """
        started = time.monotonic()
        allowed = min(timeout_s or self._timeout_s, self._timeout_s)
        try:
            with phase("a11y"):
                result = await asyncio.wait_for(self._audit(page), allowed)
                if crops is not None:
                    result.crops = await save_crops(page, result, crops)
        except TimeoutError:
            result = PageAccessibility(
                error=f"the accessibility checks did not finish within {allowed:.0f} s"
            )
        except Exception as error:  # noqa: BLE001 - a hostile page may break the checks in any way
            result = PageAccessibility(
                error=f"the accessibility checks failed: {type(error).__name__}: {str(error)[:200]}"
            )
        result.elapsed_ms = int((time.monotonic() - started) * 1000)
        return result

    async def _audit(self, page: Page) -> PageAccessibility:
        # The crawl reads pages at DOMContentLoaded; chat frames load after that.
        with contextlib.suppress(PlaywrightError):
            await page.wait_for_load_state("load", timeout=FRAMES_LOAD_TIMEOUT_S * 1000)
        found = await call_in(page.main_frame, "scope", self._words)
        elements = [SupportElement.model_validate(element) for element in found["elements"]]
        result = PageAccessibility(
            elements=elements,
            captchas=[CaptchaFact.model_validate(captcha) for captcha in found["captchas"]],
            forms=[FormSteps.model_validate(form) for form in found["forms"]],
        )
        if not elements:
            return result
        result.axe = await run_axe(page, self._finisher_page, elements)
        nodes = [node for rule in (*result.axe.violations, *result.axe.incomplete) for node in rule.nodes]
        owners = await call_in(
            page.main_frame,
            "owners",
            [node.target[0] if node.target else "" for node in nodes],
            [e.selector for e in elements],
        )
        for node, owner in zip(nodes, owners, strict=True):
            node.support = elements[owner].kind if owner >= 0 else None
        result.keyboard = await walk_keyboard(page, elements)
        return result

    async def close(self) -> None:
        if self._context is not None:
            try:
                await asyncio.wait_for(self._context.close(), 10)
            except Exception:  # noqa: BLE001 - closing is best-effort; the browser goes with the scan
                pass
