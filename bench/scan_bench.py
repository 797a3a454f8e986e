"""Benchmark: a full supportcheck crawl against raw Playwright page loads of the same URLs.

Serves a generated fixture site of about 60 pages on loopback, then, in one run:
1. raw: one reused page, ``page.goto(url)`` (Playwright's default wait for ``load``), no probe;
2. scan: :class:`checker.crawl.LocaleCrawler` over the same site (robots.txt, politeness,
   consent check, probe, gatherers for screenshots, screenshots of the entry and contact pages).
Both run in an already-launched browser, so launch time is left out of both. Prints pages per
second for each, their ratio (target: the scan at >= 70% of the raw rate) and the peak resident
memory of the browser process tree while each ran.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.async_api import Playwright, async_playwright

from checker.browser import launch_chromium
from checker.crawl import LocaleCrawler
from checker.job import CrawlSettings, LocaleJob
from checker.locales import resolve_locale
from checker.politeness import Politeness

HOST = "www.bench.test"
TARGET_RATIO = 0.70
SECTIONS = ("products", "guides", "news", "stores", "about")
CSS = (
    "body{font:16px/1.5 sans-serif;margin:0}header,footer{background:#234;color:#fff;padding:1em}"
    "nav a{color:#fff;margin-right:1em}main{padding:1em;max-width:60em}"
    ".card{border:1px solid #ccc;padding:1em}"
)


def _page(title: str, body: str) -> str:
    nav = "".join(f'<a href="/{section}/">{section.title()}</a>' for section in SECTIONS)
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title>"
        f'<link rel=stylesheet href="/site.css"></head><body><header><a href="/">Bench Co</a><nav>{nav}'
        f'<a href="/help/">Help</a></nav></header><main><h1>{title}</h1>{body}</main>'
        f'<footer><a href="/contact/">Contact us</a> <a href="/help/">Help centre</a> '
        f'<a href="/about/">About</a></footer></body></html>'
    )


def build_site(root: Path, pages_per_section: int = 10) -> int:
    """Writes the site; returns the number of HTML pages."""
    (root / "site.css").write_text(CSS)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    count = 0

    def write(path: str, html: str) -> None:
        nonlocal count
        target = root / path.strip("/") / "index.html" if path != "/" else root / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html)
        count += 1

    write(
        "/",
        _page("Bench Co", "".join(f'<p class=card><a href="/{s}/">{s.title()}</a></p>' for s in SECTIONS)),
    )
    for section in SECTIONS:
        items = "".join(
            f'<li><a href="/{section}/{i}/">{section.title()} item {i}</a></li>'
            for i in range(pages_per_section)
        )
        write(f"/{section}/", _page(section.title(), f"<ul>{items}</ul>"))
        for i in range(pages_per_section):
            text = " ".join(
                f"Paragraph {n} about {section} item {i}, with some ordinary words." for n in range(12)
            )
            write(f"/{section}/{i}/", _page(f"{section.title()} item {i}", f"<p>{text}</p>"))
    write(
        "/help/",
        _page("Help centre", "<p>Search our FAQ.</p><a href='/contact/'>Still stuck? Contact us</a>"),
    )
    write(
        "/contact/",
        _page(
            "Contact",
            "<p>Call <a href='tel:+12025550123'>(202) 555-0123</a>, "
            "Monday to Friday 9am-5pm, or write to help@bench.test.</p>",
        ),
    )
    return count


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Silent: the benchmark prints figures only."""


def _tree_rss_kib(root_pid: int) -> int:
    """Resident memory of the Chromium processes below ``root_pid``, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, stack = 0, list(children.get(root_pid, []))
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"chrom" not in cmdline:
                continue
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


class PeakMemory:
    """Samples the browser tree's RSS every 50 ms in a thread; ``peak_mib`` after ``stop``."""

    def __init__(self) -> None:
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, _tree_rss_kib(os.getpid()))
            self._stop.wait(0.05)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mib(self) -> float:
        return self.peak_kib / 1024


async def _raw_round(playwright: Playwright, urls: list[str]) -> tuple[float, float]:
    """Seconds for plain page loads in a fresh browser, and that browser's peak memory."""
    with PeakMemory() as memory:
        browser, _choice = await launch_chromium(playwright, f"MAP {HOST} 127.0.0.1")
        page = await browser.new_page()
        started = time.perf_counter()
        for url in urls:
            await page.goto(url)
        elapsed = time.perf_counter() - started
        await browser.close()
    return elapsed, memory.peak_mib


async def _scan_round(playwright: Playwright, base: str, pages: int) -> tuple[float, float, int]:
    """Seconds for a full locale crawl in a fresh browser, its peak memory and the pages it read."""
    settings = CrawlSettings(max_pages=pages, max_depth=10, page_timeout_s=15, deadline_s=300)
    job = LocaleJob(firm="bench", entry_urls=(base,), locale=resolve_locale("en-US"), settings=settings)
    with tempfile.TemporaryDirectory() as scan_dir, PeakMemory() as memory:
        browser, _choice = await launch_chromium(playwright, f"MAP {HOST} 127.0.0.1")
        crawler = LocaleCrawler(browser, job, Politeness(), Path(scan_dir), time.monotonic() + 300)
        started = time.perf_counter()
        result = await crawler.run()
        elapsed = time.perf_counter() - started
        await browser.close()
    return elapsed, memory.peak_mib, len(result.pages)


async def measure(base: str, urls: list[str], rounds: int) -> dict[str, float]:
    """Best of ``rounds`` for each way; each round launches its own browser so memory is its own."""
    raw_times, scan_times, raw_peak, scan_peak, pages_scanned = [], [], 0.0, 0.0, 0
    async with async_playwright() as playwright:
        for _ in range(rounds):
            elapsed, peak = await _raw_round(playwright, urls)
            raw_times.append(elapsed)
            raw_peak = max(raw_peak, peak)
            elapsed, peak, pages_scanned = await _scan_round(playwright, base, len(urls))
            scan_times.append(elapsed)
            scan_peak = max(scan_peak, peak)
    raw_rate = len(urls) / min(raw_times)
    scan_rate = pages_scanned / min(scan_times)
    return {
        "raw_pages_per_s": raw_rate,
        "scan_pages_per_s": scan_rate,
        "pages_scanned": pages_scanned,
        "ratio": scan_rate / raw_rate,
        "raw_peak_mib": raw_peak,
        "scan_peak_mib": scan_peak,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3, help="best of N rounds (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        count = build_site(Path(root))
        handler = partial(QuietHandler, directory=root)
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://{HOST}:{server.server_address[1]}/"
        paths = [
            "",
            *(f"{s}/" for s in SECTIONS),
            *(f"{s}/{i}/" for s in SECTIONS for i in range(10)),
            "help/",
            "contact/",
        ]
        urls = [base + path for path in paths]
        results = measure(base, urls, args.rounds)
        figures = asyncio.run(results)
        server.shutdown()
    print(f"site: {count} pages; best of {args.rounds} rounds")
    for label, rate, peak in (
        ("raw page loads", figures["raw_pages_per_s"], figures["raw_peak_mib"]),
        ("supportcheck", figures["scan_pages_per_s"], figures["scan_peak_mib"]),
    ):
        print(f"{label:15s}: {rate:6.1f} pages/s   peak browser RSS {peak:6.0f} MiB")
    print(f"pages scanned  : {figures['pages_scanned']:.0f}")
    verdict = "meets" if figures["ratio"] >= TARGET_RATIO else "misses"
    print(f"ratio          : {figures['ratio']:.2f} ({verdict} the {TARGET_RATIO:.2f} target)")
    return 0 if figures["ratio"] >= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
