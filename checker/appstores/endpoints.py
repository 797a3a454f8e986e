"""Where the app-store lookups go, and the storefront pages a person opens to check by hand.

The lookup addresses are configurable (``SUPPORTCHECK_APPLE_LOOKUP_URL``,
``SUPPORTCHECK_PLAY_DETAILS_URL``) so that tests point them at a local fake store and users can
go through a mirror. The storefront URLs are not: they are evidence for a reader, so they always
name the real store.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

from pydantic import BaseModel, ConfigDict, field_validator

from .model import AppRef

__all__ = [
    "APPLE_LOOKUP_ENV",
    "PLAY_DETAILS_ENV",
    "StoreEndpoints",
    "apple_storefront_url",
    "play_storefront_url",
    "storefront_url",
]

APPLE_LOOKUP_ENV = "SUPPORTCHECK_APPLE_LOOKUP_URL"
PLAY_DETAILS_ENV = "SUPPORTCHECK_PLAY_DETAILS_URL"

_APPLE_STOREFRONT = "https://apps.apple.com/{country}/app/id{app_id}"
_PLAY_STOREFRONT = "https://play.google.com/store/apps/details"


class StoreEndpoints(BaseModel):
    """The two addresses the client asks: Apple's iTunes lookup API and Google Play's details page."""

    model_config = ConfigDict(frozen=True)
    apple_lookup_url: str = "https://itunes.apple.com/lookup"
    play_details_url: str = "https://play.google.com/store/apps/details"

    @field_validator("apple_lookup_url", "play_details_url")
    @classmethod
    def _absolute_http_url(cls, url: str) -> str:
        """A typo in an env var should fail at start-up with its value, not as a lookup 'unknown'."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
            raise ValueError(f"{url!r}: expected an absolute http(s) URL without a query string")
        return url

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> StoreEndpoints:
        """The defaults, overridden by ``SUPPORTCHECK_APPLE_LOOKUP_URL`` / ``SUPPORTCHECK_PLAY_DETAILS_URL``.

        Args:
            environ: the variables to read; ``os.environ`` when None.

        Raises:
            pydantic.ValidationError: naming the variable's bad value.
        """
        environ = os.environ if environ is None else environ
        overrides = {
            field: environ[name]
            for field, name in (
                ("apple_lookup_url", APPLE_LOOKUP_ENV),
                ("play_details_url", PLAY_DETAILS_ENV),
            )
            if environ.get(name, "").strip()
        }
        return cls(**overrides)


def apple_storefront_url(app_id: str, country: str) -> str:
    """``https://apps.apple.com/it/app/id1459000001``: Apple's page for the app in that storefront."""
    return _APPLE_STOREFRONT.format(country=country.lower(), app_id=app_id)


def play_storefront_url(package: str, country: str, language: str) -> str:
    """``https://play.google.com/store/apps/details?id=pkg&hl=it&gl=IT``, in the visitor's language."""
    query = urlencode({"id": package, "hl": language.lower(), "gl": country.upper()})
    return f"{_PLAY_STOREFRONT}?{query}"


def storefront_url(app: AppRef, country: str, language: str) -> str:
    """The page a person opens to see what the tool saw, for either store."""
    if app.store == "apple":
        return apple_storefront_url(app.id, country)
    return play_storefront_url(app.id, country, language)
