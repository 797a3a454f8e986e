"""Finds a Chromium that Playwright can drive and launches it with supportcheck's settings.

Order of preference (the README documents it): ``SUPPORTCHECK_CHROMIUM``, Playwright's own
downloaded browser, then a system Chromium. Debian's ``/usr/bin/chromium`` is a shell wrapper,
so the real binary in ``/usr/lib/chromium`` comes first.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import Browser, Playwright

SYSTEM_CHROMIUM_CANDIDATES: tuple[str, ...] = (
    "/usr/lib/chromium/chromium",
    "/usr/lib/chromium-browser/chromium-browser",
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/snap/bin/chromium",
    "/usr/bin/google-chrome",
)


class BrowserNotFound(RuntimeError):
    """No Chromium could be found; the message says how to get one."""


@dataclass(frozen=True)
class BrowserChoice:
    """Which Chromium binary to launch and why it was chosen.

    ``executable`` is None when Playwright's own downloaded browser is used.
    """

    executable: str | None
    source: str

    def describe(self) -> str:
        return f"{self.executable or 'playwright-managed chromium'} ({self.source})"


def _ask_playwright_for_its_chromium() -> str | None:
    """Where ``playwright install`` puts Chromium; only outside an event loop (the sync API's rule)."""
    try:
        asyncio.get_running_loop()
        return None
    except RuntimeError:
        pass
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            return playwright.chromium.executable_path
    except Exception:  # noqa: BLE001 - a broken driver simply means "not available"
        return None


def find_chromium(
    env: Mapping[str, str] | None = None, playwright_chromium: str | None = None
) -> BrowserChoice:
    """Picks the browser to launch.

    Args:
        env: environment to read ``SUPPORTCHECK_CHROMIUM`` from (defaults to ``os.environ``).
        playwright_chromium: ``playwright.chromium.executable_path`` when the caller has a running
            Playwright (saves starting another driver); asked for when None.

    Raises:
        BrowserNotFound: nothing usable was found.
    """
    configured = (os.environ if env is None else env).get("SUPPORTCHECK_CHROMIUM")
    if configured:
        if Path(configured).is_file() and os.access(configured, os.X_OK):
            return BrowserChoice(configured, "SUPPORTCHECK_CHROMIUM")
        raise BrowserNotFound(
            f"SUPPORTCHECK_CHROMIUM points to {configured!r}, which is not an executable file."
        )
    managed = playwright_chromium or _ask_playwright_for_its_chromium()
    if managed and Path(managed).is_file():
        return BrowserChoice(None, "playwright")
    for candidate in SYSTEM_CHROMIUM_CANDIDATES:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return BrowserChoice(candidate, "system")
    on_path = shutil.which("chromium") or shutil.which("chromium-browser")
    if on_path:
        return BrowserChoice(on_path, "PATH")
    raise BrowserNotFound(
        "No Chromium found. Install one with 'apt-get install chromium' (Debian/Ubuntu) or "
        "'playwright install chromium', or set SUPPORTCHECK_CHROMIUM to a Chromium binary."
    )


def launch_options(choice: BrowserChoice, host_resolver_rules: str | None = None) -> dict[str, object]:
    """Keyword arguments for ``playwright.chromium.launch``.

    Args:
        choice: the browser picked by :func:`find_chromium`.
        host_resolver_rules: Chromium ``--host-resolver-rules`` (like curl's ``--resolve``), used to
            point realistic host names at fixture servers or at a staging address.
    """
    args = ["--disable-quic", "--disable-component-update", "--no-first-run", "--disable-sync"]
    if host_resolver_rules:
        args.append(f"--host-resolver-rules={host_resolver_rules}")
    options: dict[str, object] = {"headless": True, "args": args}
    if choice.executable:
        options["executable_path"] = choice.executable
    return options


async def launch_chromium(
    playwright: Playwright, host_resolver_rules: str | None = None, choice: BrowserChoice | None = None
) -> tuple[Browser, BrowserChoice]:
    """Finds (unless given) and launches Chromium with supportcheck's options."""
    choice = choice or find_chromium(playwright_chromium=playwright.chromium.executable_path)
    options = launch_options(choice, host_resolver_rules)
    browser = await playwright.chromium.launch(**options)  # type: ignore[arg-type]
    return browser, choice
