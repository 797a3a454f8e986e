"""Fake Apple and Google app stores on 127.0.0.1, speaking the real answer formats.

``GET /lookup?id=N&country=cc`` answers like Apple's iTunes lookup API: the corpus answer
``itunesLookup-284882215.json`` with the app's id and name filled in when the app is sold in that
storefront, exactly ``{"resultCount":0,"results":[]}`` when it is not (both HTTP 200), and the
corpus ``errorMessage`` answer for an id that is not a number. ``GET /store/apps/details?id=pkg&
hl=ll&gl=CC`` answers like Google Play: a details page when sold; when not, an HTTP 404 or a 200
details page carrying Play's "This item isn't available in your country." notice, per app.

The server is a :class:`FixtureServer` with no firms, so it shares its socket handling: one
thread per connection, a request log with arrival times, and a ``stop()`` that wakes stalled
answers at once. Apps missing from the catalogue are answered as unknown to the store (Apple's
empty result, Play's 404).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from checker.appstores.endpoints import APPLE_LOOKUP_ENV, PLAY_DETAILS_ENV, StoreEndpoints
from checker.appstores.model import AppRef, Store, parse_app_spec
from tests.corpus import APPSTORE_DIR

from ._model import RequestRecord, Response, _Counters
from .server import FixtureServer

APPLE_PATH = "/lookup"
PLAY_PATH = "/store/apps/details"
EMPTY_APPLE_ANSWER = '{"resultCount":0,"results":[]}'
_STORE_BY_PATH: dict[str, Store] = {APPLE_PATH: "apple", PLAY_PATH: "google"}

Behaviour = Literal["normal", "stall", "error", "flaky"]


@dataclass(frozen=True)
class StoreListing:
    """How the fake stores answer for one app.

    Args:
        title: the app's name in the store.
        countries: upper-case ISO codes of the storefronts that sell it; None for everywhere.
        behaviour: ``"normal"``; ``"stall"`` never answers (until the server stops);
            ``"error"`` always answers HTTP 503; ``"flaky"`` answers 503 to the first
            ``flaky_failures`` requests for the app, then normally.
        flaky_failures: how many requests a flaky app fails first.
        retry_after: a ``Retry-After`` header sent with every 503.
        not_sold_as: how Google Play says "not sold here": ``"404"`` or a 200 page with its
            country notice (Apple always answers its empty result).
    """

    title: str
    countries: frozenset[str] | None = None
    behaviour: Behaviour = "normal"
    flaky_failures: int = 2
    retry_after: str | None = None
    not_sold_as: Literal["404", "notice"] = "404"

    def sold_in(self, country: str) -> bool:
        return self.countries is None or country.upper() in self.countries


def _only(*countries: str) -> frozenset[str]:
    return frozenset(countries)


DEFAULT_CATALOGUE: Mapping[str, StoreListing] = {
    "apple:1459000001": StoreListing("Fibrax Assistenza", _only("IT")),
    "google:it.fibrax.assistenza": StoreListing("Fibrax Assistenza", _only("IT")),
    "apple:284882215": StoreListing("Facebook", _only("US", "GB", "DE", "IT", "FR", "ES", "NL")),
    "google:com.example.worldwide": StoreListing("Worldwide Help", None, not_sold_as="notice"),
    "apple:1459000002": StoreListing("SlowStore Help", behaviour="stall"),
    "google:com.slowstore.help": StoreListing("SlowStore Help", behaviour="stall"),
    "google:com.example.regional": StoreListing("Regional Service", _only("DE"), not_sold_as="notice"),
}
"""The apps every test and fixture firm may rely on; the single source of truth for what is sold where.

- ``apple:1459000001`` / ``google:it.fibrax.assistenza``: a fibre provider whose only support is
  an app listed only in the Italian stores (Play answers 404 elsewhere).
- ``apple:284882215``: sold in US, GB, DE, IT, FR, ES and NL (Apple's empty result elsewhere).
- ``google:com.example.worldwide``: sold in every country.
- ``apple:1459000002`` / ``google:com.slowstore.help``: lookups that never answer in time.
- ``google:com.example.regional``: sold in DE only; elsewhere a 200 page with Play's
  "not available in your country" notice.
"""


@dataclass(frozen=True)
class StoreRequest:
    """One request to the fake stores, parsed: which store, which app, which storefront."""

    time: float
    store: Store | None
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    status: int | None

    @property
    def app_id(self) -> str:
        return self.query.get("id", "")

    @property
    def country(self) -> str:
        return (self.query.get("country") or self.query.get("gl") or "").upper()


class FakeAppStores(FixtureServer):
    """Both stores on one loopback port; use as a context manager.

    Args:
        catalogue: ``"store:id"`` to listing; see :data:`DEFAULT_CATALOGUE`.
        stall_s: how long a stalling app holds its answer; far beyond any client timeout.
        port: the port to bind; 0 picks a free one.
    """

    def __init__(
        self,
        catalogue: Mapping[str, StoreListing] = DEFAULT_CATALOGUE,
        *,
        stall_s: float = 60.0,
        port: int = 0,
    ) -> None:
        super().__init__(firms=(), port=port)
        self.catalogue = {parse_app_spec(spec): listing for spec, listing in catalogue.items()}
        self.stall_s = stall_s
        self._apple_template = json.loads((APPSTORE_DIR / "itunesLookup-284882215.json").read_text())
        self._apple_invalid = (APPSTORE_DIR / "itunesLookup-invalid.json").read_text()
        self._hits = _Counters()

    def __enter__(self) -> FakeAppStores:
        self.start()
        return self

    @property
    def apple_lookup_url(self) -> str:
        return self.url("127.0.0.1", APPLE_PATH)

    @property
    def play_details_url(self) -> str:
        return self.url("127.0.0.1", PLAY_PATH)

    @property
    def endpoints(self) -> StoreEndpoints:
        return StoreEndpoints(apple_lookup_url=self.apple_lookup_url, play_details_url=self.play_details_url)

    @property
    def env(self) -> dict[str, str]:
        """The variables that point ``StoreEndpoints.from_env()`` (and a CLI run) at this server."""
        return {APPLE_LOOKUP_ENV: self.apple_lookup_url, PLAY_DETAILS_ENV: self.play_details_url}

    @property
    def lookups(self) -> list[StoreRequest]:
        """Every request since start or ``clear_log()``, oldest first."""
        return [_parsed(record) for record in self.requests]

    def lookups_for(self, app: AppRef, country: str | None = None) -> list[StoreRequest]:
        return [
            lookup
            for lookup in self.lookups
            if (lookup.store, lookup.app_id) == (app.store, app.id)
            and (country is None or lookup.country == country.upper())
        ]

    def clear_log(self) -> None:
        """Forgets requests and restarts flaky apps' failure counts."""
        super().clear_log()
        self._hits = _Counters()

    def answer(self, method: str, host: str, path: str, query: str, headers: dict[str, str]) -> Response:
        params = dict(parse_qsl(query))
        store = _STORE_BY_PATH.get(path)
        if store is None:
            return Response(f"The fake app stores have no {path!r}.", 404, content_type="text/plain")
        app = AppRef(store=store, id=params.get("id", ""))
        country = (params.get("country") or params.get("gl") or "US").upper()
        listing = self.catalogue.get(app)
        if listing is not None and listing.behaviour != "normal":
            failure = self._misbehave(app, listing)
            if failure is not None:
                return failure
        if store == "apple":
            return self._apple(app.id, country, listing)
        return self._play(app.id, country, params.get("hl", "en"), listing)

    def _misbehave(self, app: AppRef, listing: StoreListing) -> Response | None:
        if listing.behaviour == "stall":
            return Response("", 504, delay=self.stall_s)
        if listing.behaviour == "flaky" and self._hits.bump(str(app)) > listing.flaky_failures:
            return None
        headers = {"Retry-After": listing.retry_after} if listing.retry_after else {}
        return Response("Service Unavailable", 503, headers=headers, content_type="text/plain")

    def _apple(self, app_id: str, country: str, listing: StoreListing | None) -> Response:
        if not app_id.isdigit():
            return Response(self._apple_invalid, content_type="application/json")
        if listing is None or not listing.sold_in(country):
            return Response(EMPTY_APPLE_ANSWER, content_type="application/json")
        answer = copy.deepcopy(self._apple_template)
        result: dict[str, Any] = answer["results"][0]
        result.update(
            trackId=int(app_id),
            trackName=listing.title,
            trackCensoredName=listing.title,
            trackViewUrl=f"https://apps.apple.com/{country.lower()}/app/id{app_id}?uo=4",
        )
        return Response(json.dumps(answer), content_type="application/json")

    def _play(self, package: str, country: str, language: str, listing: StoreListing | None) -> Response:
        sold = listing is not None and listing.sold_in(country)
        if listing is None or (not sold and listing.not_sold_as == "404"):
            return Response(_PLAY_NOT_FOUND, 404)
        return Response(play_details_page(package, listing.title, language, country_notice=not sold))


def play_details_page(package: str, title: str, language: str = "en", *, country_notice: bool = False) -> str:
    """A Play details page with the markers real pages carry (og:url, JSON-LD, itemprop name).

    Args:
        country_notice: show Play's "not available in your country" notice instead of Install.
    """
    url = f"https://play.google.com/store/apps/details?{urlencode({'id': package, 'hl': language})}"
    structured = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "SoftwareApplication",
            "name": title,
            "url": url,
            "operatingSystem": "ANDROID",
            "applicationCategory": "BUSINESS",
        }
    )
    action = (
        '<div class="availability">This item isn\u2019t available in your country.</div>'
        if country_notice
        else '<button aria-label="Install on more devices">Install</button>'
    )
    name = escape(title)
    return (
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        f"<title>{name} - Apps on Google Play</title>"
        f'<meta property="og:title" content="{name} - Apps on Google Play">'
        f'<meta property="og:url" content="{escape(url)}">'
        f'<script type="application/ld+json">{structured}</script></head>'
        f'<body><header><a href="/store/apps">Google Play</a></header><main>'
        f'<h1 itemprop="name"><span>{name}</span></h1>{action}</main></body></html>'
    )


_PLAY_NOT_FOUND = (
    '<!doctype html><html><head><title>Not Found</title></head><body><div id="error-section">'
    "We're sorry, the requested URL was not found on this server.</div></body></html>"
)


def _parsed(record: RequestRecord) -> StoreRequest:
    parts = urlsplit(record.path)
    return StoreRequest(
        time=record.time,
        store=_STORE_BY_PATH.get(parts.path),
        path=parts.path,
        query=dict(parse_qsl(parts.query)),
        headers=record.headers,
        status=record.status,
    )
