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
from pydantic import BaseModel, Field

from checker import TOOL_NAME, __version__
from checker.appstores.endpoints import StoreEndpoints
from checker.appstores.model import AppAvailability
from checker.browser import BrowserChoice, launch_chromium
from checker.crawl import LocaleCrawler, now_iso
from checker.gather.saved import load_gathered, save_gathered
from checker.job import LocaleJob, ScanRequest
from checker.politeness import Politeness
from checker.snapshot import LocaleSnapshots, PageSnapshot
from checker.store_checks import StoreChecks
from checker.timings import phase

MANIFEST_NAME = "scan.json"
SNAPSHOT_DIR = "snapshots"
APPS_NAME = "apps.json"


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
    apps_file: str | None = Field(None, description="the app-store answers, when any app was looked up")


class ScanResult(BaseModel):
    manifest: ScanManifest
    locales: list[LocaleSnapshots]
    apps: AppAvailability = Field(default_factory=AppAvailability)
    gathered_pages: int = Field(
        0, exclude=True, description="pages whose gathered answers were read from disk, not made anew"
    )


PageCallback = Callable[[str, PageSnapshot], None]


def _each(callbacks: list[PageCallback]) -> PageCallback:
    def call_each(locale: str, page: PageSnapshot) -> None:
        for callback in callbacks:
            callback(locale, page)

    return call_each


def snapshot_path(scan_dir: Path, locale: str) -> Path:
    return scan_dir / SNAPSHOT_DIR / f"{locale}.json"


async def crawl_locale_job(
    browser: Browser,
    job: LocaleJob,
    politeness: Politeness,
    scan_dir: Path,
    deadline: float,
    on_page: PageCallback | None,
) -> LocaleSnapshots:
    """One locale's crawl, saved as its snapshot file: the scan's unit of work, run side by side
    with the other locales here and one per task by the distributed workers."""
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
    stores: StoreEndpoints | None = None,
) -> ScanResult:
    """Crawls every locale of the request, asks the app stores, and saves it all under ``scan_dir``.

    Args:
        request: what to scan.
        scan_dir: folder for snapshots, screenshots and the manifest.
        browser_choice: the Chromium to launch (found automatically when None).
        on_page: called with (locale, snapshot) after each page, for progress displays.
        stores: where to ask the app stores (``StoreEndpoints.from_env()`` when None).
    """
    scan_dir.mkdir(parents=True, exist_ok=True)
    (scan_dir / MANIFEST_NAME).unlink(missing_ok=True)
    started_at = now_iso()
    deadline = time.monotonic() + request.settings.deadline_s
    store_checks = StoreChecks(request, stores or StoreEndpoints.from_env())
    try:
        store_checks.ask_declared()  # the stores answer while the crawl goes on
        page_callbacks = [callback for callback in (store_checks.on_page, on_page) if callback is not None]
        async with async_playwright() as playwright:
            with phase("launch"):
                browser, choice = await launch_chromium(
                    playwright, request.settings.host_resolver_rules, browser_choice
                )
            try:
                politeness = Politeness(request.settings.max_in_flight_per_site)
                crawls = [
                    crawl_locale_job(browser, job, politeness, scan_dir, deadline, _each(page_callbacks))
                    for job in request.jobs()
                ]
                with phase("crawl"):
                    locales = await asyncio.gather(*crawls)
                version = browser.version
            finally:
                with phase("close"):
                    await browser.close()
        with phase("app_stores"):
            availability = await store_checks.finish(list(locales))
    finally:
        await store_checks.close()
    apps_file = None
    if availability.answers:
        availability.save(scan_dir / APPS_NAME)
        apps_file = APPS_NAME
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
        apps_file=apps_file,
    )
    temporary = scan_dir / (MANIFEST_NAME + ".part")
    temporary.write_text(manifest.model_dump_json(indent=1), encoding="utf-8")
    temporary.replace(scan_dir / MANIFEST_NAME)
    return ScanResult(manifest=manifest, locales=list(locales), apps=availability)


def scan(
    request: ScanRequest,
    scan_dir: Path,
    browser_choice: BrowserChoice | None = None,
    on_page: PageCallback | None = None,
    stores: StoreEndpoints | None = None,
) -> ScanResult:
    """Synchronous wrapper of :func:`scan_async` for the CLI and scripts."""
    results: list[ScanResult] = []

    async def scan_into_results() -> None:
        # The main task's own result stays None: asyncio.run formats the task's repr on its way
        # out (checking its SIGINT handler), and the repr of a whole scan costs ~0.6 s per 60 pages.
        results.append(await scan_async(request, scan_dir, browser_choice, on_page, stores))

    asyncio.run(scan_into_results())
    return results[0]


class IncompleteScan(RuntimeError):
    """A scan folder without a manifest: the scan was killed before it finished."""


def save_gathered_answers(result: ScanResult, scan_dir: Path) -> None:
    """Saves what was gathered of each locale's pages beside its snapshots, for the next rejudge.

    Called after judging, when every answer the rules asked for has been made. A folder that
    cannot be written (read-only, say) keeps its snapshots alone: the next rejudge gathers.
    """
    for locale in result.locales:
        try:
            save_gathered(locale, snapshot_path(scan_dir, locale.locale))
        except OSError:
            return


def load_scan(scan_dir: Path, read_gathered: bool = True) -> ScanResult:
    """Reads a saved scan folder back, for re-judging without a browser.

    ``read_gathered`` False leaves the saved gathered answers unread, so judging gathers anew.
    """
    manifest_path = scan_dir / MANIFEST_NAME
    if not manifest_path.is_file():
        raise IncompleteScan(
            f"{scan_dir} has no {MANIFEST_NAME}: it is not a scan folder, "
            "or the scan was killed before it finished."
        )
    manifest = ScanManifest.model_validate_json(manifest_path.read_text(encoding="utf-8"))
    locales = [LocaleSnapshots.load(scan_dir / relative) for relative in manifest.snapshot_files.values()]
    gathered = sum(
        load_gathered(locale, scan_dir / relative)
        for locale, relative in zip(locales, manifest.snapshot_files.values(), strict=True)
        if read_gathered
    )
    apps = AppAvailability.load(scan_dir / manifest.apps_file) if manifest.apps_file else AppAvailability()
    return ScanResult(manifest=manifest, locales=locales, apps=apps, gathered_pages=gathered)
