"""Pages of a listing: ``?page=&per_page=``, the ``{"items", "page", "per_page", "total"}`` envelope
and RFC 8288 ``Link`` headers (first, prev, next, last) that keep every other parameter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import Response, jsonify, request, url_for

from server.dashboard.params import int_param

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
MAX_PAGE = 100_000


@dataclass(frozen=True)
class PageRequest:
    number: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page


def page_request() -> PageRequest:
    """The page asked for; a malformed or out-of-range value is a 400 naming the parameter."""
    number = int_param("page", default=1, maximum=MAX_PAGE) or 1
    per_page = int_param("per_page", default=DEFAULT_PER_PAGE, maximum=MAX_PER_PAGE) or DEFAULT_PER_PAGE
    return PageRequest(number, per_page)


def _page_url(number: int) -> str:
    arguments: dict[str, Any] = request.args.to_dict(flat=False)
    arguments["page"] = number
    return url_for(str(request.endpoint), **(request.view_args or {}), **arguments, _external=True)


def paginated(items: Sequence[dict[str, Any]], total: int, window: PageRequest) -> Response:
    """The envelope as JSON, with a ``Link`` header to the neighbouring pages that exist."""
    last = max(1, -(-total // window.per_page))
    relations = {"first": 1, "last": last}
    if window.number > 1:
        relations["prev"] = min(window.number - 1, last)
    if window.number < last:
        relations["next"] = window.number + 1
    response = jsonify(items=list(items), page=window.number, per_page=window.per_page, total=total)
    response.headers["Link"] = ", ".join(
        f'<{_page_url(number)}>; rel="{relation}"' for relation, number in relations.items()
    )
    response.headers["X-Total-Count"] = str(total)
    return response
