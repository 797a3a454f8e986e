"""The SSRF guard: address forms it must refuse, and the crawl refusing redirects and resources inward.

The crawl tests run real Chromium against a small server on 127.0.0.1 that plays a public site:
Chromium reaches ``public.test`` through ``--host-resolver-rules``, and the guard is told by its
resolver table that ``public.test`` is a public address, as a real DNS answer would say.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from flask import Flask
from playwright.async_api import async_playwright

from checker.browser import launch_chromium
from checker.crawl import LocaleCrawler
from checker.job import CrawlSettings, LocaleJob
from checker.locales import resolve_locale
from checker.politeness import Politeness
from checker.snapshot import LocaleSnapshots
from checker.ssrf import BlockedTarget, Resolver, TargetGuard, address_refusal, system_resolver
from server import create_app
from tests.server.conftest import FilledStore, bearer, server_config

PUBLIC_ADDRESS = "93.184.216.34"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.255.255.254",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.2.1",  # documentation
        "198.18.0.1",  # benchmarking
        "::1",
        "::",
        "fe80::1",
        "fe80::1%eth0",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2001:db8::1",
    ],
)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert address_refusal(address) is not None


@pytest.mark.parametrize("address", [PUBLIC_ADDRESS, "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert address_refusal(address) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.1/",
        "http://2130706433/",  # decimal
        "http://0177.0.0.1/",  # octal
        "http://0x7f.0.0.1/",  # hexadecimal
        "http://0x7f000001/",
        "http://[::1]:8080/admin",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "https://169.254.169.254/latest/meta-data/",
        "http://user:pass@127.0.0.1/",
        "http://public.test@127.0.0.1/",
        "HTTP://LOCALHOST/",
        "http://localhost./",
    ],
)
def test_urls_reaching_this_machine_are_refused(url: str) -> None:
    with pytest.raises(BlockedTarget, match="refused target"):
        TargetGuard().check(url)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.test/",
        "gopher://127.0.0.1:25/",
        "javascript:alert(1)",
        "data:text/html,hi",
        "http:///nohost",
        "http://127.0.0.1\\@public.test/",  # parsers disagree on the host
        "http://public.test\t/",
        "http://[::1/",
    ],
)
def test_odd_urls_are_refused(url: str) -> None:
    assert TargetGuard(_resolver({"public.test": [PUBLIC_ADDRESS]})).refusal(url) is not None


def test_every_address_of_a_host_must_be_public() -> None:
    guard = TargetGuard(_resolver({"mixed.test": [PUBLIC_ADDRESS, "10.0.0.5"]}))
    assert guard.refusal("https://mixed.test/") == "10.0.0.5 is a private address (mixed.test resolves to it)"


def test_a_host_that_does_not_resolve_is_refused() -> None:
    assert "does not resolve" in (TargetGuard(_resolver({})).refusal("https://nowhere.test/") or "")


def test_a_public_host_passes_and_its_verdict_is_remembered() -> None:
    asked: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        return [PUBLIC_ADDRESS]

    guard = TargetGuard(resolve)
    assert guard.refusal("https://www.example.test/a") is None
    assert guard.refusal("https://www.example.test/b") is None
    assert asked == ["www.example.test"]


# --- the crawl ------------------------------------------------------------------------------------


def _resolver(table: dict[str, Sequence[str]]) -> Resolver:
    """Host names from ``table``; IP literals as ``getaddrinfo`` reads them; anything else fails."""

    def resolve(host: str, port: int) -> Sequence[str]:
        if host in table:
            return table[host]
        try:
            return system_resolver(host, port) if host[0].isdigit() or ":" in host else []
        except OSError:
            return []

    return resolve


class _InwardSite(ThreadingHTTPServer):
    """``public.test`` whose pages point inward, at ``http://127.0.0.1:<port>/secret``."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _InwardHandler)
        self.hits: list[str] = []
        self.inward = f"http://127.0.0.1:{self.server_address[1]}"


class _InwardHandler(BaseHTTPRequestHandler):
    server: _InwardSite

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        self.server.hits.append(f"{self.headers.get('Host', '').split(':')[0]}{self.path}")
        inward = self.server.inward
        if self.path == "/redirect":
            self._answer(302, b"", {"Location": f"{inward}/secret"})
        elif self.path == "/":
            page = (
                f"<html><head><title>Public</title></head><body><main><h1>Welcome</h1>"
                f'<img src="{inward}/pixel.png" alt="">'
                f'<iframe src="{inward}/framed"></iframe>'
                f'<a href="{inward}/secret">Contact us</a></main></body></html>'
            )
            self._answer(200, page.encode(), {"Content-Type": "text/html"})
        else:
            self._answer(200 if self.path != "/robots.txt" else 404, b"secret", {"Content-Type": "text/html"})

    def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def inward_site() -> Iterator[_InwardSite]:
    server = _InwardSite()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _crawl(site: _InwardSite, entry: str, guard: TargetGuard | None, scan_dir: Path) -> LocaleSnapshots:
    port = site.server_address[1]
    settings = CrawlSettings(
        max_pages=4,
        max_depth=1,
        page_timeout_s=5.0,
        deadline_s=30.0,
        screenshots=False,
        check_app_stores=False,
        host_resolver_rules=f"MAP public.test 127.0.0.1:{port}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    )
    job = LocaleJob(firm="Public", entry_urls=(entry,), locale=resolve_locale("en-US"), settings=settings)

    async def crawl() -> LocaleSnapshots:
        async with async_playwright() as playwright:
            browser, _ = await launch_chromium(playwright, settings.host_resolver_rules)
            try:
                deadline = time.monotonic() + settings.deadline_s
                crawler = LocaleCrawler(browser, job, Politeness(), scan_dir, deadline, guard=guard)
                return await crawler.run()
            finally:
                await browser.close()

    return asyncio.run(crawl())


def _public_guard() -> TargetGuard:
    return TargetGuard(_resolver({"public.test": [PUBLIC_ADDRESS]}))


@pytest.mark.browser
def test_a_redirect_from_a_public_host_to_loopback_is_not_followed(
    inward_site: _InwardSite, tmp_path: Path
) -> None:
    result = _crawl(inward_site, "http://public.test/redirect", _public_guard(), tmp_path)
    assert "127.0.0.1/secret" not in inward_site.hits
    assert "public.test/redirect" in inward_site.hits  # the public page itself was asked
    entry = result.pages[0]
    assert entry.error is not None and "ERR_BLOCKED_BY_CLIENT" in entry.error
    assert entry.probe is None


@pytest.mark.browser
def test_a_public_page_cannot_make_the_crawler_fetch_inward(inward_site: _InwardSite, tmp_path: Path) -> None:
    result = _crawl(inward_site, "http://public.test/", _public_guard(), tmp_path)
    assert result.pages[0].ok  # the public page is read
    inward = [hit for hit in inward_site.hits if hit.startswith("127.0.0.1")]
    assert inward == [], "image, frame and link to 127.0.0.1 must all be refused"
    followed = [page for page in result.pages if "/secret" in page.url]
    assert all(page.error and "SSRF guard" in page.error for page in followed)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("entry", "inward"),
    [("/redirect", {"127.0.0.1/secret"}), ("/", {"127.0.0.1/pixel.png", "127.0.0.1/framed"})],
)
def test_without_the_guard_the_same_pages_reach_inward(
    inward_site: _InwardSite, tmp_path: Path, entry: str, inward: set[str]
) -> None:
    """The control: the two tests above prove the guard, not a broken fixture."""
    _crawl(inward_site, f"http://public.test{entry}", None, tmp_path)
    assert inward <= set(inward_site.hits)


# --- scans started through the API ---------------------------------------------------------------


def _scanning_app(store: FilledStore, allow_private: bool) -> Flask:
    return create_app(
        {
            **server_config(store),
            "SUPPORTCHECK_ALLOW_PRIVATE_TARGETS": allow_private,
            "SUPPORTCHECK_SCAN_SETTINGS": {
                "max_pages": 2,
                "page_timeout_s": 5.0,
                "deadline_s": 60.0,
                "check_app_stores": False,
            },
        }
    )


def _firm_on(app: Flask, url: str, headers: dict[str, str]) -> str:
    response = app.test_client().post(
        "/api/v1/firms", json={"name": "Loopback Ltd", "entry_urls": [url]}, headers=headers
    )
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["slug"])


def test_the_api_refuses_to_scan_loopback_without_the_setting(
    writable_store: FilledStore, inward_site: _InwardSite
) -> None:
    app = _scanning_app(writable_store, allow_private=False)
    headers = bearer(app, "read", "write")
    slug = _firm_on(app, f"{inward_site.inward}/", headers)
    response = app.test_client().post(f"/api/v1/firms/{slug}/scans", headers=headers)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "target_refused"
    assert "127.0.0.1 is a loopback address" in error["message"]
    runs = app.test_client().get(f"/api/v1/firms/{slug}/runs", headers=headers).get_json()
    assert runs["total"] == 0
    assert inward_site.hits == []


@pytest.mark.browser
def test_the_api_scans_loopback_when_the_server_allows_it(
    writable_store: FilledStore, inward_site: _InwardSite
) -> None:
    app = _scanning_app(writable_store, allow_private=True)
    headers = bearer(app, "read", "write")
    slug = _firm_on(app, f"{inward_site.inward}/", headers)
    client = app.test_client()
    response = client.post(f"/api/v1/firms/{slug}/scans", headers=headers)
    assert response.status_code == 202
    run_id = response.get_json()["run_id"]
    assert response.headers["Location"].endswith(f"/api/v1/runs/{run_id}")
    app.extensions["supportcheck.scans"].wait_idle()
    run = client.get(f"/api/v1/runs/{run_id}", headers=headers).get_json()
    assert run["status"] in ("complete", "partial"), run["status_reason"]
    assert run["source"] == "scan" and run["score"] is not None
    assert "127.0.0.1/" in inward_site.hits
    assert not (writable_store.data_dir / "scans" / f"run-{run_id}").exists()  # stored, then tidied
