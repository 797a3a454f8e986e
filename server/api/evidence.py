"""``POST /api/v1/evidence``: pages a person's browser read, sent by the extension for review.

It needs the ``evidence`` scope (a token made with ``--evidence-only`` holds nothing else and
reads no firm's data) and is rate limited per token. Evidence is stored ``pending``; it counts
only once a person with ``write`` accepts it on the dashboard.
"""

from __future__ import annotations

from flask import current_app, jsonify, request, url_for
from flask.typing import ResponseReturnValue

from server.api._blueprint import api_blueprint
from server.api.browser_pages import checked_pages, limited_json_body, locale_tag
from server.api.errors import ApiError
from server.api.ratelimit import spend
from server.auth.access import needs, require
from server.config import EVIDENCE_PER_HOUR_ENV
from server.evidence.intake import EvidenceRefused, store_evidence
from server.store_session import store_data_dir, store_session

MAX_EVIDENCE_BYTES = 8 * 1024 * 1024  # the pages and a screenshot of one screen


@api_blueprint.post("/evidence")
@needs("evidence")
def submit_evidence() -> ResponseReturnValue:
    """Stores the pages (with a screenshot, note, languages and time zone) as one pending piece of
    evidence: the open page first, then any the person kept from other tabs."""
    principal = require("evidence")
    spend("evidence", principal, int(current_app.config[EVIDENCE_PER_HOUR_ENV]))
    body = checked_pages(limited_json_body(MAX_EVIDENCE_BYTES))
    locale = locale_tag(body)
    try:
        evidence = store_evidence(
            store_session(),
            body,
            locale,
            f"{principal.kind} {principal.name}",
            request.content_length or 0,
            store_data_dir(),
        )
    except EvidenceRefused as error:
        raise ApiError(
            422,
            "invalid_evidence",
            f"{error.field}: {error}",
            [{"field": error.field, "message": str(error)}],
        ) from error
    response = jsonify(
        {
            "id": evidence.id,
            "status": evidence.status,
            "firm": evidence.firm.slug,
            "locale": evidence.locale,
            "pages": [page["url"] for page in body["pages"]],
            "submitted_by": evidence.submitted_by,
            "submitted_at": evidence.submitted_at.isoformat(),
            "size": evidence.size,
            "screenshot": evidence.screenshot_path is not None,
            "review_url": url_for("dashboard.firm_evidence", slug=evidence.firm.slug, _external=True),
        }
    )
    response.status_code = 201
    return response
