"""Reads an app's store page as a person's browser showed it: sold in their country, not, or no answer.

The lookups (``apple.py``, ``google.py``) ask from the tool's vantage and sometimes cannot tell (a
timeout, a consent page). A person in the country can open the app's storefront page and send it
as evidence; this reads that page alone, conservatively, because a wrong "not sold" accuses the
firm and a wrong "sold" hides a lock-out:

- the store's own notice, shown on the page ("This app is currently not available in your country
  or region.", "This item is not available in your country.") → not sold;
- the app's own page: it names the same app about itself (its canonical address, ``og:url`` or the
  app-banner meta tags), has a title, is in a language whose notice we can read, and shows no
  notice → sold;
- anything else (an error or sign-in page, another app's page, a page in a language whose notice
  we cannot read, a page off the stores' hosts) → no answer.

The storefront is the country the URL names (``apps.apple.com/it/app/…``, Play's ``gl=IT``), else
the country of the locale the person sent it for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from checker.appstores.google import PLAY_COUNTRY_LOCK, normalise_notice_text
from checker.appstores.model import AppRef, Store, StoreAnswer
from checker.gather.apps import app_from_url, apps_from_meta
from checker.gather.language import primary_subtag
from checker.gather.pagekind import main_heading, shown_blocks
from checker.snapshot import PageSnapshot, ProbeResult

__all__ = [
    "COUNTRY_LOCKS",
    "STORE_HOSTS",
    "StorePage",
    "on_store_host",
    "read_store_page",
    "split_store_pages",
    "storefront_country",
]

STORE_HOSTS = frozenset({"apps.apple.com", "itunes.apple.com", "play.google.com"})

# The stores' own words, by the language of the page (matched on lower-cased text with straight
# apostrophes). Only wordings known from the stores are listed: on a page in another language a
# notice cannot be ruled out, so such a page answers only when it shows a notice listed here.
COUNTRY_LOCKS: dict[Store, dict[str, re.Pattern[str]]] = {
    "apple": {"en": re.compile(r"\bthis app is (?:currently )?not available in your country or region\b")},
    "google": {"en": PLAY_COUNTRY_LOCK},
}
_TITLE_SUFFIX = re.compile(r"\s+(?:on the app store|-\s+apps on google play)\s*$", re.IGNORECASE)
_COUNTRY_CODE = re.compile(r"^[A-Za-z]{2}$")
_SELF_NAMING_META = ("canonical", "og:url")
NOTICE_CHARS = 200


def on_store_host(url: str) -> bool:
    """Whether ``url`` is on the App Store or Google Play: a store's page, never the firm's site."""
    return (urlsplit(url).hostname or "").lower() in STORE_HOSTS


def storefront_country(url: str, fallback: str) -> str:
    """The storefront a store URL shows: the App Store's path (``/it/app/…``), Play's ``gl``, else
    ``fallback`` (the App Store without a country picks one from the visitor)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    first_segment = parts.path.strip("/").split("/")[0]
    if host.endswith("apple.com") and _COUNTRY_CODE.match(first_segment):
        return first_segment.upper()
    play_country = parse_qs(parts.query).get("gl", [""])[0]
    return play_country.upper() if _COUNTRY_CODE.match(play_country) else fallback.upper()


def _named_apps(probe: ProbeResult, page_url: str) -> set[AppRef]:
    """The apps the page names as itself: its canonical address, ``og:url`` and app meta tags."""
    named = {AppRef(store=link.store, id=link.id) for link in apps_from_meta(probe, page_url)}
    for meta in probe.meta:
        if meta.name.lower() in _SELF_NAMING_META and (app := app_from_url(meta.content)):
            named.add(AppRef(store=app[0], id=app[1]))
    return named


def _country_lock(store: Store, probe: ProbeResult) -> str | None:
    """The title or shown text that carries the store's "not available in your country" notice."""
    for text in (probe.title, *(block.text for block in shown_blocks(probe))):
        shown = normalise_notice_text(text)
        if any(pattern.search(shown) for pattern in COUNTRY_LOCKS[store].values()):
            return " ".join(text.split())[:NOTICE_CHARS]
    return None


def _app_title(probe: ProbeResult) -> str:
    heading = main_heading(shown_blocks(probe))
    if heading is not None:
        return heading.text.strip()
    return _TITLE_SUFFIX.sub("", probe.title.replace("\u200e", "")).strip()


def read_store_page(page: PageSnapshot, vantage_country: str) -> StoreAnswer | None:
    """A person-seen answer from ``page`` when it is an app's store page that tells, else None.

    Args:
        page: a page a person's browser read (``supplied_by`` says who sent it).
        vantage_country: the country of the locale the person sent it for, when the URL names none.
    """
    probe = page.probe
    failed = not page.ok or (page.http_status or 200) >= 400
    if probe is None or failed or not on_store_host(page.url):
        return None
    named = _named_apps(probe, page.url)
    from_url = app_from_url(page.url) or app_from_url(probe.url)
    app = AppRef(store=from_url[0], id=from_url[1]) if from_url else next(iter(named), None)
    if app is None or any(other != app for other in named):
        return None  # no app, or the page is about another app than its address says
    answer = {
        "store": app.store,
        "id": app.id,
        "country": storefront_country(page.url, vantage_country),
        "storefront_url": page.url,
        "checked_at": page.fetched_at,
        "supplied_by": page.supplied_by or "a person",
    }
    title = _app_title(probe)
    if notice := _country_lock(app.store, probe):
        reason = f"a person's browser showed the store's notice “{notice}”"
        return StoreAnswer(available=False, reason=reason, title=title, **answer)
    readable = primary_subtag(probe.lang) in COUNTRY_LOCKS[app.store]
    if app not in named or not title or not readable:
        return None
    reason = "a person's browser showed the app's page, with no 'not available in your country' notice"
    return StoreAnswer(available=True, reason=reason, title=title, **answer)


@dataclass(frozen=True)
class StorePage:
    """A store page a person sent, and what it told (None: nothing we can read)."""

    page: PageSnapshot
    answer: StoreAnswer | None


def split_store_pages(
    pages: list[PageSnapshot], vantage_country: str
) -> tuple[list[PageSnapshot], list[StorePage]]:
    """The firm's own pages among ``pages``, and the app store pages with what each tells: a store
    page is about an app, never part of the firm's site, so rules must not judge it as one."""
    own = [page for page in pages if not on_store_host(page.url)]
    stores = [
        StorePage(page, read_store_page(page, vantage_country)) for page in pages if on_store_host(page.url)
    ]
    return own, stores
