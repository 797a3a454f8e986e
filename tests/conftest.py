"""Shared fixtures: the local fixture sites and a helper that scans them in real Chromium."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from checker.job import CrawlSettings, ScanRequest
from checker.locales import resolve_locale
from checker.scan import ScanResult, scan
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
        *urls: str, locales: tuple[str, ...] = ("en-US",), scan_dir: Path | None = None, **settings: object
    ) -> ScanResult:
        options: dict[str, object] = {
            "page_timeout_s": 5.0,
            "deadline_s": 90.0,
            "host_resolver_rules": sites.host_resolver_rules,
        }
        options.update(settings)
        request = ScanRequest(
            firm="test",
            entry_urls=urls,
            locales=tuple(resolve_locale(t) for t in locales),
            settings=CrawlSettings(**options),
        )  # type: ignore[arg-type]
        return scan(request, scan_dir or tmp_path / "scan")

    return run


@pytest.fixture(scope="session")
def app_stores() -> Iterator[FakeAppStores]:
    """Fake Apple and Google stores on loopback selling ``tests.sites.stores.DEFAULT_CATALOGUE``.

    Shared by the session: a test that counts requests calls ``clear_log()`` first and uses its
    own ``AppStoreClient``, whose cache lives only as long as the client.
    """
    with FakeAppStores(DEFAULT_CATALOGUE) as stores:
        yield stores
