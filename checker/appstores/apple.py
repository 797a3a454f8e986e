"""Apple's iTunes lookup API: the request for one app in one storefront, and what the answer means.

``GET https://itunes.apple.com/lookup?id=284882215&country=it`` answers JSON. An app sold in
that storefront comes back as one result whose ``trackId`` is the id asked; an app not sold
there comes back as ``{"resultCount": 0, "results": []}``; a malformed id gets an
``errorMessage``. Only the empty result means "not sold here": every other surprise is unknown.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from .verdict import Verdict

__all__ = ["apple_lookup_url", "parse_apple_lookup"]


def apple_lookup_url(lookup_url: str, app_id: str, country: str) -> str:
    """``<lookup_url>?id=284882215&country=it``: Apple's storefront codes are the ISO country, any case."""
    return f"{lookup_url}?{urlencode({'id': app_id, 'country': country.lower()})}"


def parse_apple_lookup(status: int, body: str | bytes, app_id: str) -> Verdict:
    """Reads a lookup answer for ``app_id``.

    Args:
        status: the HTTP status code.
        body: the response body as received.
        app_id: the numeric id that was asked, to check the result is that app.

    Returns:
        True with the app's name when the result is the app; False only for Apple's empty
        result; None for HTTP errors, unreadable JSON, ``errorMessage`` answers and results
        that name another app.
    """
    if status != 200:
        return Verdict(None, f"HTTP {status} from Apple lookup")
    try:
        answer = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return Verdict(None, "Apple lookup answered something that is not JSON")
    if not isinstance(answer, dict):
        return Verdict(None, "Apple lookup answered JSON that is not an object")
    if "errorMessage" in answer:
        return Verdict(None, f"Apple lookup error: {answer['errorMessage']}")
    results = answer.get("results")
    if not isinstance(results, list):
        return Verdict(None, "Apple lookup answer has no results list")
    if not results and answer.get("resultCount") == 0:
        return Verdict(False, "resultCount 0: not sold in this storefront")
    match = next((result for result in results if _is_app(result, app_id)), None)
    if match is None:
        return Verdict(None, f"Apple lookup answered {len(results)} result(s), none with trackId {app_id}")
    return Verdict(True, "listed in this storefront", str(match.get("trackName") or ""))


def _is_app(result: Any, app_id: str) -> bool:
    return isinstance(result, dict) and str(result.get("trackId")) == app_id
