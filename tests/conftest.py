"""Shared fixtures: the local fixture sites and a helper that scans them in real Chromium."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from checker.job import CrawlSettings, ScanRequest
from checker.locales import resolve_locale
from checker.scan import PageCallback, ScanResult, scan
from tests.sites import ALL_FIRMS, FixtureServer
from tests.sites.stores import DEFAULT_CATALOGUE, FakeAppStores


@pytest.fixture(scope="session")
def tls_sites() -> Iterator[FixtureServer]:
    """The firms over HTTPS with a certificate no browser trusts."""
    with FixtureServer(ALL_FIRMS, tls=True) as server:
        yield server


@pytest.fixture(scope="session")
def sites(tls_sites: FixtureServer) -> Iterator[FixtureServer]:
    """Every fixture firm, served by host name on one loopback port; https links go to ``tls_sites``."""
    with FixtureServer(ALL_FIRMS, tls_peer=tls_sites) as server:
        yield server


Scanner = Callable[..., ScanResult]


@pytest.fixture
def run_scan(sites: FixtureServer, tmp_path: Path) -> Scanner:
    """Scans URLs in real Chromium with test-sized budgets; keyword arguments set CrawlSettings."""

    def run(
        *urls: str,
        locales: tuple[str, ...] = ("en-US",),
        scan_dir: Path | None = None,
        on_page: PageCallback | None = None,
        **settings: object,
    ) -> ScanResult:
        options: dict[str, object] = {
            "page_timeout_s": 5.0,
            "deadline_s": 90.0,
            "host_resolver_rules": sites.host_resolver_rules,
            "store_timeout_s": 1.0,  # the fake stores answer at once, or stall on purpose
            "store_retries": 0,
        }
        options.update(settings)
        request = ScanRequest(
            firm="test",
            entry_urls=urls,
            locales=tuple(resolve_locale(t) for t in locales),
            settings=CrawlSettings(**options),
        )  # type: ignore[arg-type]
        return scan(request, scan_dir or tmp_path / "scan", on_page=on_page)

    return run


@pytest.fixture(scope="session")
def app_stores() -> Iterator[FakeAppStores]:
    """Fake Apple and Google stores on loopback selling ``tests.sites.stores.DEFAULT_CATALOGUE``.

    Shared by the session: a test that counts requests calls ``clear_log()`` first and uses its
    own ``AppStoreClient``, whose cache lives only as long as the client.
    """
    with FakeAppStores(DEFAULT_CATALOGUE) as stores:
        yield stores


@pytest.fixture(scope="session", autouse=True)
def stores_on_loopback(app_stores: FakeAppStores) -> Iterator[None]:
    """Points every scan of the session, CLI runs in subprocesses included, at the fake stores.

    No test may reach an address outside 127.0.0.0/8, and a fixture firm that links an app would
    otherwise make the scan ask the real App Store.
    """
    saved = {name: os.environ.get(name) for name in app_stores.env}
    os.environ.update(app_stores.env)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
