"""Pages a person's browser read, as the extension sends them: checked against a JSON schema,
then made into the snapshots the rules judge.

The schema (``schemas/snapshot.schema.json``) caps every string and list and refuses unknown
fields, so a malformed or hostile body is a 422 naming the first fields at fault, and the body
as a whole is refused past a size limit before it is even parsed.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import request
from jsonschema import Draft202012Validator, ValidationError

from checker.locales import UnknownLocale, resolve_locale
from checker.snapshot import LocaleSnapshots, PageSnapshot
from server.api.errors import ApiError

SCHEMA_FILE = Path(__file__).parent / "schemas" / "snapshot.schema.json"
DEFAULT_LOCALE = "en-US"
MAX_REPORTED_ERRORS = 10


@lru_cache(maxsize=1)
def snapshot_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return schema


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(snapshot_schema())


def limited_json_body(max_bytes: int) -> dict[str, Any]:
    """The request's JSON object, refused with a 413 past ``max_bytes`` before it is read."""
    size = request.content_length
    if size is None:
        raise ApiError(411, "length_required", "send the body with a Content-Length header")
    if size > max_bytes:
        raise ApiError(
            413,
            "too_large",
            f"the body is {size} bytes, over the limit of {max_bytes} bytes: "
            "send fewer pages, or leave the screenshot out",
        )
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(
            400, "bad_json", "the body must be a JSON object with 'Content-Type: application/json'"
        )
    return body


def _field(path: list[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(body)"


def _why(error: ValidationError) -> tuple[str, str]:
    """The field at fault and a short reason that never echoes the (possibly huge) value sent."""
    field = _field(list(error.absolute_path))
    limit = error.validator_value
    reasons = {
        "maxLength": f"longer than {limit} characters",
        "maxItems": f"more than {limit} items",
        "minItems": f"fewer than {limit} items",
        "maxProperties": f"more than {limit} keys",
        "type": f"must be of type {limit}",
        "enum": f"must be one of {', '.join(map(str, limit))}" if isinstance(limit, list) else "not allowed",
        "pattern": f"does not match {limit}",
        "minimum": f"below {limit}",
        "maximum": f"above {limit}",
    }
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        unknown = sorted(str(key)[:40] for key in error.instance if key not in allowed)[:5]
        return field, f"unknown field(s): {', '.join(unknown)}"
    if error.validator == "required":
        return field, error.message[:200]
    return field, reasons.get(str(error.validator), f"fails the schema's {error.validator} check")


def checked_pages(body: dict[str, Any]) -> dict[str, Any]:
    """``body`` if it fits the snapshot schema; else a 422 naming each field at fault (the first few)."""
    errors = sorted(_validator().iter_errors(body), key=lambda error: [str(p) for p in error.absolute_path])
    if errors:
        details = [{"field": field, "message": message} for field, message in map(_why, errors)]
        first = details[0]
        raise ApiError(
            422,
            "invalid_snapshot",
            f"{first['field']}: {first['message']}",
            details[:MAX_REPORTED_ERRORS],
        )
    return body


def locale_tag(body: dict[str, Any]) -> str:
    """The body's locale as a canonical tag (``en-US`` when none was sent), or a 422 naming it."""
    try:
        return resolve_locale(str(body.get("locale") or DEFAULT_LOCALE)).tag
    except UnknownLocale as error:
        raise ApiError(
            422, "invalid_snapshot", f"locale: {error}", [{"field": "locale", "message": str(error)}]
        ) from error


def browser_locale_snapshots(locale: str, pages: list[PageSnapshot]) -> LocaleSnapshots:
    """Pages a person's browser read (``server.evidence.pages.person_pages``) as one locale's
    snapshots, marked ``partial``: a few pages a person opened are not a crawl of the site, so
    what they lack may be elsewhere (never a fail)."""
    return LocaleSnapshots(
        locale=locale,
        entry_url=pages[0].requested_url,
        status="partial",
        status_reason=f"judged from {len(pages)} page(s) a person's browser read, not a crawl of the site",
        pages=pages,
    )
