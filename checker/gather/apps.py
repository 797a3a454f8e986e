"""Finds the mobile apps a page points to: App Store and Google Play links and app-banner meta tags.

Store links count wherever they sit (hover menus, ``<area>`` image maps, and the configuration of
an app banner in a script), because the page does point to the app. Only app pages count: iTunes U
courses, artist pages and Play search results name no single app.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

from checker.appstores.model import Store, is_valid_app_id
from checker.channels import AppLink
from checker.gather._page import link_label
from checker.snapshot import ProbeResult

_APPLE_HOSTS = re.compile(r"(^|\.)(apps|itunes)\.apple\.com$")
_APPLE_APP_PATH = re.compile(r"/app/(?:[^/]+/)?id(\d{5,12})(?:$|[/?#])")
_META_APP_ID = re.compile(r"app-id=([^,\s]+)")
APPLE_META = ("al:ios:app_store_id", "al:ipad:app_store_id", "twitter:app:id:iphone", "twitter:app:id:ipad")
GOOGLE_META = ("al:android:package", "twitter:app:id:googleplay")


def app_from_url(url: str) -> tuple[Store, str] | None:
    """(store, id) for an App Store app page or a Google Play app page, else None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if _APPLE_HOSTS.search(host):
        match = _APPLE_APP_PATH.search(parts.path + "/")
        return ("apple", match.group(1)) if match else None
    if host == "play.google.com" and parts.path.rstrip("/") == "/store/apps/details":
        package = parse_qs(parts.query).get("id", [""])[0].strip()
        package = re.split(r"[^\w.]", unquote(package))[0]
        return ("google", package) if is_valid_app_id("google", package) else None
    return None


def apps_from_meta(probe: ProbeResult, page_url: str) -> list[AppLink]:
    """Apps named by the page's app-banner and app-link meta tags (on a store page: the app itself)."""
    found = []
    for meta in probe.meta:
        name = meta.name.lower()
        content = meta.content.strip()
        if name in ("apple-itunes-app", "google-play-app"):
            match = _META_APP_ID.search(content)
            if not match:
                continue
            store: Store = "apple" if name == "apple-itunes-app" else "google"
            app_id = match.group(1)
        elif name in APPLE_META:
            store, app_id = "apple", content
        elif name in GOOGLE_META:
            store, app_id = "google", content
        else:
            continue
        if is_valid_app_id(store, app_id):
            found.append(
                AppLink(
                    url=page_url,
                    selector=f"meta[name='{meta.name}']",
                    snippet=f"{meta.name}={content}"[:160],
                    store=store,
                    id=app_id,
                    source="meta",
                )
            )
    return found


def gather_apps(probe: ProbeResult, page_url: str) -> list[AppLink]:
    """Apps the page points to, one per (store, id), links first."""
    found: dict[tuple[Store, str], AppLink] = {}
    for link in probe.links:
        app = app_from_url(link.href or link.raw_href)
        if app:
            found.setdefault(
                app,
                AppLink(
                    url=page_url,
                    selector=link.selector,
                    snippet=(link_label(link) or link.href)[:160],
                    store=app[0],
                    id=app[1],
                ),
            )
    for url in probe.store_urls:
        app = app_from_url(url)
        if app:
            found.setdefault(
                app,
                AppLink(
                    url=page_url, selector="script", snippet=url[:160], store=app[0], id=app[1], source="meta"
                ),
            )
    for app_link in apps_from_meta(probe, page_url):
        found.setdefault((app_link.store, app_link.id), app_link)
    return list(found.values())
