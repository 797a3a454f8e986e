"""The input of a scan: settings, and the (firm, locale) jobs it splits into.

A :class:`LocaleJob` is an independent unit of work with a serialisable input, so a later
scheduler or a Celery worker can run one job anywhere and hand back :class:`LocaleSnapshots`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from checker import PROJECT_URL, TOOL_NAME, __version__
from checker.appstores.model import AppRef
from checker.locales import LocaleProfile

DEFAULT_USER_AGENT_SUFFIX = f"{TOOL_NAME}/{__version__} (+{PROJECT_URL}; support-reachability audit)"


class CrawlSettings(BaseModel):
    """Budgets and manners of a crawl; defaults are the CLI's defaults."""

    model_config = ConfigDict(frozen=True)
    max_pages: int = Field(25, ge=1, description="pages per locale")
    max_depth: int = Field(4, ge=0, description="clicks from an entry page")
    page_timeout_s: float = Field(15.0, gt=0)
    deadline_s: float = Field(300.0, gt=0, description="whole-scan deadline")
    ignore_robots: bool = False
    max_in_flight_per_site: int = Field(2, ge=1)
    tabs_per_locale: int = Field(
        2, ge=1, description="tabs crawling one locale side by side (at most max_in_flight_per_site)"
    )
    max_retries: int = Field(2, ge=0, description="retries after 429/503 with Retry-After")
    user_agent_suffix: str = DEFAULT_USER_AGENT_SUFFIX
    screenshots: bool = True
    accessibility: bool = Field(
        True, description="run axe-core and the keyboard checks on the support pages (checker/a11y)"
    )
    host_resolver_rules: str | None = Field(
        None, description="Chromium --host-resolver-rules, e.g. 'MAP *.test 127.0.0.1'"
    )
    check_app_stores: bool = Field(True, description="ask the app stores whether the firm's apps are sold")
    store_timeout_s: float = Field(10.0, gt=0, description="seconds per app-store request")
    store_retries: int = Field(2, ge=0, description="retries of a store request that timed out or failed")
    block_private_targets: bool = Field(
        False, description="refuse private, loopback and link-local targets, redirects included (SSRF)"
    )


class LocaleJob(BaseModel):
    """Scan one firm from one locale: the unit of work."""

    model_config = ConfigDict(frozen=True)
    firm: str
    entry_urls: tuple[str, ...]
    locale: LocaleProfile
    settings: CrawlSettings = CrawlSettings()


class ScanRequest(BaseModel):
    """A whole scan: one firm's entry URLs from several locales, and the apps it declares."""

    model_config = ConfigDict(frozen=True)
    firm: str
    entry_urls: tuple[str, ...]
    locales: tuple[LocaleProfile, ...]
    settings: CrawlSettings = CrawlSettings()
    apps: tuple[AppRef, ...] = Field((), description="apps checked in every storefront, linked or not")

    def jobs(self) -> list[LocaleJob]:
        return [
            LocaleJob(firm=self.firm, entry_urls=self.entry_urls, locale=locale, settings=self.settings)
            for locale in self.locales
        ]
