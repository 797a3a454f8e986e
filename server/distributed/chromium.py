"""One Chromium per worker process, launched after the fork, relaunched when it died.

Celery's prefork pool forks its children from the main worker process; a browser (and the
Playwright driver and event loop behind it) started before the fork would be shared by every
child and owned by none, so each child starts its own in ``worker_process_init``. The browser
lives on an event loop in a thread of the child, because the crawler is async and a Celery task
is a plain function: :meth:`ProcessBrowser.run` hands a coroutine to that loop and waits for it.
A browser that crashed or was killed is noticed before the next task (``is_connected``) and
launched again; the crawler closes each task's browser context in ``finally``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from typing import TypeVar

from playwright.async_api import Browser, Playwright, async_playwright

from checker.browser import launch_chromium

T = TypeVar("T")
CLOSE_TIMEOUT_S = 15.0


class ProcessBrowser:
    """This process's Chromium and the event loop that drives it."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._rules: str | None = None
        self.launches = 0

    def start(self) -> None:
        """Starts the loop thread (once per process, after the fork)."""
        if self._loop is not None:
            return
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="chromium-loop", daemon=True)
        self._thread.start()

    def submit(self, work: Callable[[], Awaitable[T]]) -> Future[T]:
        """Runs ``work()`` on the browser's loop; the future can be waited on or cancelled."""
        self.start()
        assert self._loop is not None

        async def call() -> T:
            return await work()

        return asyncio.run_coroutine_threadsafe(call(), self._loop)

    def run(self, work: Callable[[], Awaitable[T]], timeout: float | None = None) -> T:
        future = self.submit(work)
        try:
            return future.result(timeout)
        except BaseException:
            future.cancel()  # a soft time limit or a timeout: the crawl's finally closes its context
            raise

    async def browser(self, host_resolver_rules: str | None) -> Browser:
        """The running browser, launched again if it died or needs other resolver rules."""
        if self._browser is not None and self._browser.is_connected() and self._rules == host_resolver_rules:
            return self._browser
        await self._close_browser()
        if self._playwright is None:
            self._playwright = await async_playwright().start()
        self._browser, _choice = await launch_chromium(self._playwright, host_resolver_rules)
        self._rules = host_resolver_rules
        self.launches += 1
        return self._browser

    async def _close_browser(self) -> None:
        browser, self._browser = self._browser, None
        if browser is not None:
            try:
                await asyncio.wait_for(browser.close(), CLOSE_TIMEOUT_S)
            except Exception:  # noqa: BLE001 - a dead browser has nothing left to close
                pass

    def close(self) -> None:
        """Closes the browser and Playwright at the process's end."""
        if self._loop is None:
            return

        async def shut() -> None:
            await self._close_browser()
            if self._playwright is not None:
                await self._playwright.stop()
                self._playwright = None

        try:
            self.run(shut, CLOSE_TIMEOUT_S)
        except Exception:  # noqa: BLE001 - exiting anyway
            pass
        self._loop.call_soon_threadsafe(self._loop.stop)
