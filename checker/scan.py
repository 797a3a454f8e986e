"""Runs a scan: one browser, one context per locale, the locales' crawls side by side.

Snapshots are saved per locale as each finishes; ``scan.json`` is written last, so a scan folder
without it is a killed scan and is never mistaken for a complete one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from playwright.async_api import Browser, async_playwright
from pydantic import BaseModel

from checker import TOOL_NAME, __version__
from checker.browser import BrowserChoice, launch_chromium
from checker.crawl import LocaleCrawler, now_iso
from checker.job import LocaleJob, ScanRequest
from checker.politeness import Politeness
from checker.snapshot import LocaleSnapshots, PageSnapshot

MANIFEST_NAME = "scan.json"
SNAPSHOT_DIR = "snapshots"


class BrowserInfo(BaseModel):
    name: str = "chromium"
    version: str = ""
    executable: str | None = None
    source: str = ""


class ScanManifest(BaseModel):
    """What was asked and what ran; the key to re-judging a scan folder."""

    tool: dict[str, str]
    browser: BrowserInfo
    request: ScanRequest
    started_at: str
    finished_at: str
    snapshot_files: dict[str, str]


class ScanResult(BaseModel):
    manifest: ScanManifest
    locales: list[LocaleSnapshots]


PageCallback = Callable[[str, PageSnapshot], None]


def snapshot_path(scan_dir: Path, locale: str) -> Path:
    return scan_dir / SNAPSHOT_DIR / f"{locale}.json"


async def _crawl_job(
    browser: Browser,
    job: LocaleJob,
    politeness: Politeness,
    scan_dir: Path,
    deadline: float,
    on_page: PageCallback | None,
) -> LocaleSnapshots:
    crawler = LocaleCrawler(browser, job, politeness, scan_dir, deadline, on_page=on_page)
    try:
        result = await crawler.run()
    except Exception as error:  # noqa: BLE001 - one locale's failure must not lose the others
        result = LocaleSnapshots(
            locale=job.locale.tag,
            entry_url=job.entry_urls[0],
            status="error",
            status_reason=f"the crawl failed: {type(error).__name__}: {str(error)[:300]}",
            pages=crawler.pages,
        )
    path = snapshot_path(scan_dir, job.locale.tag)
    path.parent.mkdir(parents=True, exist_ok=True)
    result.save(path)
    return result


async def scan_async(
    request: ScanRequest,
    scan_dir: Path,
    browser_choice: BrowserChoice | None = None,
    on_page: PageCallback | None = None,
) -> ScanResult:
    """Crawls every locale of the request and saves the snapshots under ``scan_dir``.

    Args:
        request: what to scan.
        scan_dir: folder for snapshots, screenshots and the manifest.
        browser_choice: the Chromium to launch (found automatically when None).
        on_page: called with (locale, snapshot) after each page, for progress displays.
    """
    scan_dir.mkdir(parents=True, exist_ok=True)
    (scan_dir / MANIFEST_NAME).unlink(missing_ok=True)
    started_at = now_iso()
    deadline = time.monotonic() + request.settings.deadline_s
    async with async_playwright() as playwright:
        browser, choice = await launch_chromium(
            playwright, request.settings.host_resolver_rules, browser_choice
        )
        try:
            politeness = Politeness(request.settings.max_in_flight_per_site)
            locales = await asyncio.gather(
                *(_crawl_job(browser, job, politeness, scan_dir, deadline, on_page) for job in request.jobs())
            )
            version = browser.version
        finally:
            await browser.close()
    manifest = ScanManifest(
        tool={"name": TOOL_NAME, "version": __version__},
        browser=BrowserInfo(version=version, executable=choice.executable, source=choice.source),
        request=request,
        started_at=started_at,
        finished_at=now_iso(),
        snapshot_files={
            result.locale: snapshot_path(scan_dir, result.locale).relative_to(scan_dir).as_posix()
            for result in locales
        },
    )
    temporary = scan_dir / (MANIFEST_NAME + ".part")
    temporary.write_text(manifest.model_dump_json(indent=1), encoding="utf-8")
    temporary.replace(scan_dir / MANIFEST_NAME)
    return ScanResult(manifest=manifest, locales=list(locales))


def scan(
    request: ScanRequest,
    scan_dir: Path,
    browser_choice: BrowserChoice | None = None,
    on_page: PageCallback | None = None,
) -> ScanResult:
    """Synchronous wrapper of :func:`scan_async` for the CLI and scripts."""
    return asyncio.run(scan_async(request, scan_dir, browser_choice, on_page))


class IncompleteScan(RuntimeError):
    """A scan folder without a manifest: the scan was killed before it finished."""


def load_scan(scan_dir: Path) -> ScanResult:
    """Reads a saved scan folder back, for re-judging without a browser."""
    manifest_path = scan_dir / MANIFEST_NAME
    if not manifest_path.is_file():
        raise IncompleteScan(
            f"{scan_dir} has no {MANIFEST_NAME}: it is not a scan folder, "
            "or the scan was killed before it finished."
        )
    manifest = ScanManifest.model_validate_json(manifest_path.read_text(encoding="utf-8"))
    locales = [LocaleSnapshots.load(scan_dir / relative) for relative in manifest.snapshot_files.values()]
    return ScanResult(manifest=manifest, locales=locales)
