"""One reusable browser tab per locale: navigates, survives hostile pages, reports what happened.

Reusing a tab is about three times faster than opening one per URL. A page that hangs the
renderer or times out gets its tab closed and replaced, so the next URL starts clean. Dialogs are
dismissed (``beforeunload`` accepted, so navigation goes on) and pop-ups are closed; both are
recorded for the snapshot.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from playwright.async_api import BrowserContext, CDPSession, Dialog, Page, Response
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from checker.locales import LocaleProfile
from checker.probe import ISOLATED_WORLD_NAME, main_frame_id
from checker.snapshot import ErrorKind
from checker.ssrf import TargetGuard

CLOSE_TIMEOUT_S = 5.0


@dataclass
class Navigation:
    """The outcome of one ``goto``: a response, or an error with its kind."""

    requested_url: str
    response: Response | None = None
    final_url: str = ""
    http_status: int | None = None
    content_type: str = ""
    content_language: str = ""
    retry_after: str | None = None
    redirect_chain: list[str] = field(default_factory=list)
    error: str | None = None
    error_kind: ErrorKind | None = None


_ERROR_KINDS: tuple[tuple[str, ErrorKind], ...] = (
    ("ERR_TOO_MANY_REDIRECTS", "redirect_loop"),
    ("ERR_CERT", "tls"),
    ("ERR_SSL", "tls"),
    ("Download is starting", "download"),
    ("Target crashed", "crashed"),
    ("Page crashed", "crashed"),
    ("net::", "network"),
)


BLOCKED_STATUSES = (401, 403, 451)


def status_error_kind(status: int) -> ErrorKind:
    """An HTTP error that refuses the visitor is "blocked"; any other 4xx/5xx is "http_error"."""
    return "blocked" if status in BLOCKED_STATUSES else "http_error"


def classify_error(message: str) -> ErrorKind:
    for needle, kind in _ERROR_KINDS:
        if needle in message:
            return kind
    return "other"


def _short(message: str) -> str:
    first_line = message.strip().splitlines()[0] if message.strip() else "unknown error"
    return re.sub(r"\s+", " ", first_line)[:300]


def _redirect_chain(response: Response) -> list[str]:
    chain = [response.url]
    request = response.request.redirected_from
    while request is not None:
        chain.insert(0, request.url)
        request = request.redirected_from
    return chain


class PopupWatch:
    """Closes the pop-ups of one browser context, on behalf of all the tabs crawling in it.

    Every new page in the context that no tab opened itself is a pop-up (``window.open``,
    ``target=_blank``): it is noted on the tab whose page opened it and closed at once. A pop-up
    opened with ``noopener`` names no opener; it is noted on every tab, as any of them may have
    opened it.
    """

    def __init__(self, context: BrowserContext) -> None:
        self._tabs: list[Tab] = []
        self._opening = 0
        context.on("page", self._on_new_page)

    def join(self, tab: Tab) -> None:
        self._tabs.append(tab)

    @contextmanager
    def opening(self) -> Iterator[None]:
        """Pages created inside the block are a tab's own, not pop-ups."""
        self._opening += 1
        try:
            yield
        finally:
            self._opening -= 1

    async def _on_new_page(self, page: Page) -> None:
        if self._opening or any(page is tab.page for tab in self._tabs):
            return
        try:
            opener = await asyncio.wait_for(page.opener(), CLOSE_TIMEOUT_S)
        except (TimeoutError, PlaywrightError):
            opener = None
        openers = [tab for tab in self._tabs if opener is not None and tab.page is opener]
        for tab in openers or self._tabs:
            tab.popups.append(page.url)
        try:
            await page.close(run_before_unload=False)
        except PlaywrightError:
            pass  # already gone


class Tab:
    """A page plus its CDP session, with the locale's Accept-Language and user agent applied."""

    def __init__(
        self,
        context: BrowserContext,
        locale: LocaleProfile,
        user_agent: str,
        guard: TargetGuard | None = None,
        popups: PopupWatch | None = None,
    ) -> None:
        """``popups`` is shared by the tabs of one context (a new one when this tab is alone)."""
        self._context = context
        self._guard = guard
        self._locale = locale
        self._user_agent = user_agent
        self.page: Page | None = None
        self.cdp: CDPSession | None = None
        self.frame_id: str | None = None
        self.world_id: int | None = None
        self._document_response: Response | None = None
        self.dialogs: list[str] = []
        self.popups: list[str] = []
        self._popup_watch = popups or PopupWatch(context)
        self._popup_watch.join(self)

    async def open(self) -> None:
        with self._popup_watch.opening():
            page = await self._context.new_page()
        cdp = await self._context.new_cdp_session(page)
        if self._guard is not None:
            await self._guard.watch(cdp)  # before the first request, redirect hops included
        # Playwright's `locale` option sends a bare "it-IT"; a real browser sends the whole list.
        await cdp.send(
            "Network.setUserAgentOverride",
            {"userAgent": self._user_agent, "acceptLanguage": ",".join(self._locale.languages)},
        )
        page.on("dialog", self._on_dialog)
        page.on("response", self._on_response)
        self.page, self.cdp = page, cdp
        self.frame_id = await main_frame_id(cdp)
        # Chromium makes the probe's isolated world with every new document, and says so in an
        # event, which saves the reader a round trip per page.
        cdp.on("Runtime.executionContextCreated", self._on_context_created)
        await cdp.send(
            "Page.addScriptToEvaluateOnNewDocument", {"source": "", "worldName": ISOLATED_WORLD_NAME}
        )
        await cdp.send("Runtime.enable")

    def _on_context_created(self, event: dict[str, Any]) -> None:
        context = event.get("context", {})
        aux = context.get("auxData", {})
        if context.get("name") == ISOLATED_WORLD_NAME and aux.get("frameId") == self.frame_id:
            self.world_id = int(context["id"])

    def _on_response(self, response: Response) -> None:
        # Chromium fails goto() for an error status with an empty body; the status is kept here.
        if self.page is not None and response.frame == self.page.main_frame:
            if response.request.is_navigation_request():
                self._document_response = response

    async def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message[:200]}")
        try:
            if dialog.type == "beforeunload":
                await dialog.accept()
            else:
                await dialog.dismiss()
        except PlaywrightError:
            pass  # the page went away while the dialog was open

    async def recycle(self) -> None:
        """Closes the current page without waiting on it (it may be hung) and opens a fresh one."""
        if self.page is not None:
            try:
                await asyncio.wait_for(self.page.close(run_before_unload=False), CLOSE_TIMEOUT_S)
            except (TimeoutError, PlaywrightError):
                pass
        await self.open()

    async def goto(self, url: str, timeout_s: float) -> Navigation:
        """Navigates until DOMContentLoaded; never raises for what a site does."""
        assert self.page is not None, "open() first"
        self.dialogs = []
        self.popups = []
        self.world_id = None
        self._document_response = None
        navigation = Navigation(requested_url=url)
        try:
            response = await asyncio.wait_for(
                self.page.goto(url, wait_until="domcontentloaded", timeout=timeout_s * 1000),
                timeout_s + CLOSE_TIMEOUT_S,
            )
        except (PlaywrightTimeoutError, TimeoutError):
            navigation.error = f"the page did not load within {timeout_s:.0f} s"
            navigation.error_kind = "timeout"
            await self.recycle()
            return navigation
        except PlaywrightError as error:
            errored = self._document_response
            navigation.error = _short(error.message)
            navigation.error_kind = classify_error(error.message)
            if errored is not None and errored.status >= 400:
                self._record_response(navigation, errored, errored.url)
                navigation.error = f"HTTP {errored.status}"
                navigation.error_kind = status_error_kind(errored.status)
            # The failed navigation may still be committing an error page or a script redirect;
            # a fresh tab keeps it from interrupting the next URL.
            await self.recycle()
            return navigation
        if response is None:
            navigation.error = "the navigation produced no response"
            navigation.error_kind = "other"
            return navigation
        self._record_response(navigation, response, self.page.url)
        return navigation

    @staticmethod
    def _record_response(navigation: Navigation, response: Response, final_url: str) -> None:
        navigation.response = response
        navigation.final_url = final_url
        navigation.http_status = response.status
        navigation.redirect_chain = _redirect_chain(response)
        if final_url.split("#", 1)[0] != response.url.split("#", 1)[0]:
            # The document moved itself before it was ready (a script's location.replace).
            navigation.redirect_chain.append(final_url)
        headers = response.headers  # already in memory; header_value() would cost a round trip
        navigation.content_type = headers.get("content-type", "").lower()
        navigation.content_language = headers.get("content-language", "")[:100]
        navigation.retry_after = headers.get("retry-after")
