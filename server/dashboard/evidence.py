"""A firm's evidence from people's browsers: the list with screenshots, and accepting or rejecting it.

Reading needs ``read``; accepting or rejecting is a form post, so it needs ``write`` and the
session's CSRF token (both checked before any view runs). An accepted piece re-judges the firm's
latest run with every accepted piece added (the page names that run), records its changes again
and queues the alerts they call for, as a new run does; only accepted evidence counts in scores. Every text
shown came from a web page or a person's browser and is hostile: templates print it autoescaped.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import undefer

from server.alerts.message import dashboard_base_url
from server.alerts.outbox import queue_alerts
from server.auth.access import current_principal
from server.dashboard._blueprint import dashboard_blueprint
from server.dashboard.queries import firm_by_slug
from server.dashboard.screenshots import IMAGE_TYPES
from server.evidence.intake import EVIDENCE_DIR
from server.evidence.models import Evidence
from server.evidence.review import latest_rejudgeable_run, review
from server.store_session import store_data_dir, store_session

DECISIONS = ("accept", "reject")
CHANNEL_SCHEMES = ("tel:", "mailto:")


def _what_it_shows(evidence: Evidence) -> dict[str, Any]:
    """The facts a reviewer needs beside the screenshot: pages, tel:/mailto: links, message forms."""
    pages = json.loads(evidence.pages_json)
    links = [link for page in pages for link in page["probe"].get("links", [])]
    return {
        "urls": [page["url"] for page in pages],
        "channels": [
            link.get("raw_href") or link.get("href", "")
            for link in links
            if str(link.get("raw_href") or link.get("href", "")).lower().startswith(CHANNEL_SCHEMES)
        ][:20],
        "forms": sum(
            any(field.get("tag") == "textarea" for field in form.get("fields", []))
            for page in pages
            for form in page["probe"].get("forms", [])
        ),
    }


@dashboard_blueprint.get("/firms/<slug>/evidence")
def firm_evidence(slug: str) -> ResponseReturnValue:
    session = store_session()
    firm = firm_by_slug(session, slug)
    if firm is None:
        abort(404, f"there is no firm {slug!r}")
    pieces = session.scalars(
        select(Evidence)
        .where(Evidence.firm_id == firm.id)
        .options(undefer(Evidence.pages_zlib))
        .order_by(Evidence.id.desc())
    ).all()
    return render_template(
        "dashboard/evidence.html",
        firm=firm,
        pieces=[(piece, _what_it_shows(piece)) for piece in pieces],
        rejudged_run=latest_rejudgeable_run(session, firm.id),
        may_review="write" in current_principal().scopes,
    )


@dashboard_blueprint.get("/evidence/<int:evidence_id>/screenshot")
def evidence_screenshot(evidence_id: int) -> ResponseReturnValue:
    evidence = store_session().get(Evidence, evidence_id)
    if evidence is None or not evidence.screenshot_path:
        abort(404)
    root = (store_data_dir() / EVIDENCE_DIR).resolve()
    path = (store_data_dir() / evidence.screenshot_path).resolve()
    mime_type = IMAGE_TYPES.get(path.suffix.lower())
    if not path.is_relative_to(root) or mime_type is None or not path.is_file():
        abort(404)
    return send_file(path, mimetype=mime_type, max_age=3600)


@dashboard_blueprint.post("/evidence/<int:evidence_id>/review")
def review_evidence(evidence_id: int) -> ResponseReturnValue:
    decision = request.form.get("decision", "")
    if decision not in DECISIONS:
        abort(400, "decision must be accept or reject")
    session = store_session()
    result = review(session, evidence_id, decision, f"user {current_principal().name}")
    if result.judgement is not None:  # a channel already told of this run hears only what is new
        judgement = result.judgement
        queue_alerts(session, judgement.run_id, dashboard_base_url(), datetime.now(UTC), judgement.id)
    flash(f"Evidence #{evidence_id} {result.evidence.status}: {result.note}.")
    return redirect(url_for("dashboard.firm_evidence", slug=result.evidence.firm.slug))
