"""Google Play's details page: the request for one app in one country, and what the page means.

Google has no public lookup API, so the client reads the page a visitor gets from
``/store/apps/details?id=<package>&hl=en&gl=<COUNTRY>``. ``gl`` picks the country; ``hl`` only
changes the wording, and the phrases below are Play's English ones, so lookups ask in English
while the storefront URL shown to a person keeps their language.

How Play says "not here": an HTTP 404, or a 200 page that still shows the app with Play's
"This item isn't available in your country." (also "... in your country or on your carrier."
for an anonymous web visitor, who has no carrier). "Your device isn't compatible" and "This app
isn't available for your device" are about the visitor's hardware, not the storefront: such a
page still lists the app and reads as available. Everything else that is not a recognisable
details page (rate limits, server errors, consent or captcha pages, changed markup) is unknown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from bs4 import BeautifulSoup, Tag

from .verdict import Verdict

__all__ = [
    "PLAY_COUNTRY_LOCK",
    "PLAY_LOOKUP_LANGUAGE",
    "normalise_notice_text",
    "parse_play_details",
    "play_lookup_url",
]

PLAY_LOOKUP_LANGUAGE = "en"

PLAY_COUNTRY_LOCK = re.compile(r"\bthis (?:item|app|game) (?:isn't|is not) available in your country\b")
_BLOCK_PAGE = re.compile(r"unusual traffic|before you continue to google|not a robot")
_OG_TITLE_SUFFIX = re.compile(r"\s+-\s+apps on google play\s*$", re.IGNORECASE)


def play_lookup_url(
    details_url: str, package: str, country: str, language: str = PLAY_LOOKUP_LANGUAGE
) -> str:
    """``<details_url>?id=<package>&hl=<language>&gl=<COUNTRY>``."""
    return f"{details_url}?{urlencode({'id': package, 'hl': language.lower(), 'gl': country.upper()})}"


def parse_play_details(status: int, body: str | bytes, package: str) -> Verdict:
    """Reads a details page fetched for ``package``.

    Args:
        status: the HTTP status code after redirects.
        body: the page as received.
        package: the package name asked, to check the page is about that app.

    Returns:
        False for a 404 or Play's country-lock notice; True with the app's name for a details
        page about ``package``; None for anything else.
    """
    if status == 404:
        return Verdict(False, "HTTP 404: Google Play has no page for this app in this country")
    if status != 200:
        hint = " (rate limited)" if status == 429 else ""
        return Verdict(None, f"HTTP {status} from Google Play{hint}")
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    page = BeautifulSoup(text, "html.parser")
    visible = normalise_notice_text(page.get_text(" "))
    application = _software_application(page)
    lock = PLAY_COUNTRY_LOCK.search(visible)
    if lock:
        return Verdict(False, f"Google Play says: {lock.group(0)}", _title(page, application))
    page_package = _og_url_package(page)
    if page_package is not None and page_package != package:
        return Verdict(None, f"Google Play answered a page about {page_package}, not {package}")
    if page_package == package or application is not None or _itemprop_name(page):
        return Verdict(True, "listed in this country", _title(page, application))
    if _BLOCK_PAGE.search(visible):
        return Verdict(None, "Google Play answered a consent or captcha page")
    return Verdict(None, "Google Play answered a page without app details (markup not recognised)")


def normalise_notice_text(text: str) -> str:
    """Lower case, straight apostrophes, single spaces: Play uses typographic quotes in some builds."""
    return " ".join(text.replace("\u2019", "'").lower().split())


def _title(page: BeautifulSoup, application: dict[str, Any] | None) -> str:
    """The app's name: structured data first, then the heading, then the share title."""
    if application is not None and isinstance(application.get("name"), str):
        return application["name"].strip()
    heading = _itemprop_name(page)
    if heading:
        return heading
    og_title = page.find("meta", attrs={"property": "og:title"})
    if isinstance(og_title, Tag):
        return _OG_TITLE_SUFFIX.sub("", str(og_title.get("content", ""))).strip()
    return ""


def _og_url_package(page: BeautifulSoup) -> str | None:
    """The ``id`` named by ``<meta property="og:url">``, or None when the page has none."""
    og_url = page.find("meta", attrs={"property": "og:url"})
    if not isinstance(og_url, Tag):
        return None
    ids = parse_qs(urlsplit(str(og_url.get("content", ""))).query).get("id")
    return ids[0] if ids else None


def _itemprop_name(page: BeautifulSoup) -> str:
    heading = page.select_one('[itemprop="name"]')
    return heading.get_text(" ", strip=True) if isinstance(heading, Tag) else ""


def _software_application(page: BeautifulSoup) -> dict[str, Any] | None:
    """The first schema.org SoftwareApplication (or MobileApplication) in the page's JSON-LD."""
    for script in page.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or "")
        except ValueError:
            continue
        for item in _json_ld_items(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if {"SoftwareApplication", "MobileApplication"} & {str(kind) for kind in kinds}:
                return item
    return None


def _json_ld_items(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for element in data:
            yield from _json_ld_items(element)
    elif isinstance(data, dict):
        yield data
        yield from _json_ld_items(data.get("@graph", []))
