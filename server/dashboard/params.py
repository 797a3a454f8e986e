"""Query parameters read strictly: a malformed value is the visitor's mistake (400), never a crash.

Every page's filters are plain GET parameters so that any view can be linked, bookmarked and
printed; these helpers turn them into typed values or abort with a message saying what to fix.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta

from flask import abort, current_app, request

from server.alerts.feed import FeedFilter
from server.schedule import clock
from server.store.models import CHANGE_KINDS

MAX_TEXT = 200
MAX_PAGE = 100_000
DEFAULT_PAGE_SIZE = 50
MAX_DAYS = 3660
LOCALE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}")


def text_param(name: str, *, choices: Collection[str] | None = None) -> str:
    """A text parameter, stripped; empty when absent. With ``choices`` it must be one of them."""
    value = request.args.get(name, "").strip()
    if len(value) > MAX_TEXT:
        abort(400, f"'{name}' is longer than {MAX_TEXT} characters")
    if value and choices is not None and value not in choices:
        abort(400, f"'{name}' must be one of: {', '.join(sorted(choices))}")
    return value


def locale_param(name: str = "locale") -> str:
    """A BCP 47 locale tag such as ``it-IT``, or empty."""
    value = text_param(name)
    if value and not LOCALE_TAG.fullmatch(value):
        abort(400, f"'{name}' must be a locale tag such as it-IT")
    return value


def int_param(
    name: str, *, default: int | None = None, minimum: int = 1, maximum: int = 2**31 - 1
) -> int | None:
    """A whole number within bounds; ``default`` when absent or empty."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or not minimum <= int(raw) <= maximum:
        abort(400, f"'{name}' must be a whole number from {minimum} to {maximum}")
    return int(raw)


@dataclass(frozen=True)
class PageWindow:
    """Which slice of a ranking a page shows; one row more is fetched to know if a next page exists."""

    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def fetch(self) -> int:
        return self.size + 1


def page_param() -> PageWindow:
    """The ``page`` parameter (1 when absent), pages of ``DASHBOARD_PAGE_SIZE`` rows (app config)."""
    size = int(current_app.config.get("DASHBOARD_PAGE_SIZE", DEFAULT_PAGE_SIZE))
    return PageWindow(int_param("page", default=1, maximum=MAX_PAGE) or 1, size)


def feed_filter() -> FeedFilter:
    """The changes feed's filters from the query string (the dashboard's ``/changes`` reads the same)."""
    days = int_param("days", maximum=MAX_DAYS)
    return FeedFilter(
        firm=text_param("firm"),
        locale=locale_param(),
        kind=text_param("kind", choices=CHANGE_KINDS),
        rule=text_param("rule"),
        tag=text_param("tag"),
        since=clock.now() - timedelta(days=days) if days else None,
    )
