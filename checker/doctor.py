"""``supportcheck doctor``: says which browser, Playwright and settings a scan would use."""

from __future__ import annotations

import asyncio
import os
import sys
from importlib import metadata

from playwright.async_api import async_playwright

from checker import __version__
from checker.browser import BrowserNotFound, find_chromium, launch_options
from checker.probe import ProbeError, probe_source


async def _launch_check(options: dict[str, object]) -> str:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**options)  # type: ignore[arg-type]
        version = browser.version
        await browser.close()
    return version


def run_doctor(quiet: bool = False) -> int:
    """Prints the set-up and returns 0 when a scan can run, 1 with a clear sentence otherwise."""
    say = (lambda _text: None) if quiet else print
    say(f"supportcheck {__version__} on Python {sys.version.split()[0]}")
    say(f"playwright {metadata.version('playwright')}")
    try:
        choice = find_chromium()
    except BrowserNotFound as error:
        print(f"supportcheck doctor: {error}", file=sys.stderr)
        return 1
    say(f"browser: {choice.describe()}")
    try:
        say(f"probe: {len(probe_source())} bytes of extension/probe.js")
    except ProbeError as error:
        print(f"supportcheck doctor: {error}", file=sys.stderr)
        return 1
    try:
        version = asyncio.run(_launch_check(launch_options(choice)))
    except Exception as error:  # noqa: BLE001 - any launch failure is reported, not raised
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(
            f"supportcheck doctor: the browser {choice.describe()} does not start: {first_line}",
            file=sys.stderr,
        )
        return 1
    say(f"browser version: {version}")
    for name in sorted(key for key in os.environ if key.startswith("SUPPORTCHECK_")):
        say(f"setting {name}={os.environ[name]}")
    say("ok: scans can run")
    return 0
