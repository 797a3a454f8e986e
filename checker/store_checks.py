"""Asks the app stores about a scan's apps: those the firm declares and those its pages link to.

A store answers in a fraction of a second to a few seconds, and a crawl takes longer, so the
questions go out while the crawl goes on: declared apps at once, linked apps as soon as a page
naming them is read. After the crawl, :meth:`StoreChecks.finish` collects the answers of the
whole list (anything not yet asked is asked then), in the same order as when every question was
asked at the end. A store is still asked each (app, country) once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from checker.appstores.endpoints import StoreEndpoints
from checker.appstores.model import AppAvailability, AppRef
from checker.gather.apps import gather_apps
from checker.job import ScanRequest
from checker.snapshot import LocaleSnapshots, PageSnapshot

if TYPE_CHECKING:
    from checker.appstores.client import AppStoreClient


def page_apps(page: PageSnapshot) -> list[AppRef]:
    """Apps a page that was read links to or advertises in app-banner tags."""
    if page.probe is None or page.error is not None:
        return []
    return [AppRef(store=app.store, id=app.id) for app in gather_apps(page.probe, page.url)]


def linked_apps(locales: list[LocaleSnapshots]) -> list[AppRef]:
    """Apps that any locale's pages link to or advertise in app-banner tags, each once."""
    apps: dict[AppRef, None] = {}
    for locale in locales:
        for page in locale.pages:
            apps.update(dict.fromkeys(page_apps(page)))
    return list(apps)


class StoreChecks:
    """The app-store questions of one scan, asked as early as they are known.

    Use inside a running event loop: ``ask_declared()`` when the scan starts, ``on_page`` for each
    page read, ``finish(locales)`` once (it closes the connections).
    """

    def __init__(self, request: ScanRequest, endpoints: StoreEndpoints) -> None:
        self._request = request
        self._endpoints = endpoints
        self._storefronts = [(locale.country, locale.language) for locale in request.locales]
        self._client: AppStoreClient | None = None

    def ask_declared(self) -> None:
        """Starts asking about the apps the firm declares."""
        self._ask(self._request.apps)

    def on_page(self, _locale: str, page: PageSnapshot) -> None:
        """Starts asking about the apps of a page just read (the crawl's page callback)."""
        self._ask(page_apps(page))

    def _ask(self, apps: Sequence[AppRef]) -> None:
        if not apps or not self._request.settings.check_app_stores:
            return
        client = self._open()
        for app in apps:
            for country, language in self._storefronts:
                client.start(app, country, language)

    def _open(self) -> AppStoreClient:
        if self._client is None:
            # Imported here: the HTTP client and the HTML parser of store pages cost about 70 ms
            # of start-up, which scans of firms without apps (most) need not pay.
            from checker.appstores.client import AppStoreClient

            settings = self._request.settings
            self._client = AppStoreClient(
                self._endpoints, timeout_s=settings.store_timeout_s, retries=settings.store_retries
            )
        return self._client

    async def finish(self, locales: list[LocaleSnapshots]) -> AppAvailability:
        """Every app in every storefront, answers ordered by app (declared, then linked) and storefront.

        A store that cannot be reached yields answers with ``available`` None, never an exception:
        the region rules then ask for review instead of accusing the firm.
        """
        try:
            apps = list(dict.fromkeys([*self._request.apps, *linked_apps(locales)]))
            if not apps or not self._request.settings.check_app_stores:
                return AppAvailability()
            return await self._open().check_all(apps, self._storefronts)
        finally:
            await self.close()

    async def close(self) -> None:
        """Closes the connections; lookups still under way are cancelled."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None


async def check_app_stores(
    request: ScanRequest, locales: list[LocaleSnapshots], endpoints: StoreEndpoints
) -> AppAvailability:
    """Asks each locale's storefront about every app of a crawl that is over."""
    return await StoreChecks(request, endpoints).finish(locales)
