"""``/api/v1/firms``: the firm directory, one firm, its runs; creating and editing firms; starting scans."""

from __future__ import annotations

from flask import jsonify, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from checker.ssrf import BlockedTarget
from server.api._blueprint import api_blueprint
from server.api.errors import ApiError
from server.api.inputs import FirmCreate, FirmEdit, json_object, validated
from server.api.pagination import page_request, paginated
from server.api.queries import firm_by_slug, firm_directory, firm_standing, run_page
from server.api.serialize import firm_json, latest_json, run_json, standing_json
from server.dashboard.params import text_param
from server.scans.jobs import ScanInProgress
from server.scans.start import request_scan
from server.store.models import Firm
from server.store.writer import ensure_firm
from server.store_session import store_session

SORTS = ("name", "score")


@api_blueprint.get("/firms")
def list_firms() -> ResponseReturnValue:
    """Firms with their latest score; ``sector``, ``country``, ``q`` (part of the name) and ``sort``."""
    window = page_request()
    tags = {key: value for key in ("sector", "country") if (value := text_param(key))}
    standings, total = firm_directory(
        store_session(),
        tags=tags,
        search=text_param("q") or None,
        by_score=(text_param("sort", choices=SORTS) or "name") == "score",
        limit=window.per_page,
        offset=window.offset,
    )
    items = [{**firm_json(standing.firm), "latest": latest_json(standing)} for standing in standings]
    return paginated(items, total, window)


@api_blueprint.get("/firms/<slug>")
def get_firm(slug: str) -> ResponseReturnValue:
    session = store_session()
    return jsonify(standing_json(firm_standing(session, firm_by_slug(session, slug))))


@api_blueprint.get("/firms/<slug>/runs")
def list_firm_runs(slug: str) -> ResponseReturnValue:
    """The firm's runs, newest first, with their judgements."""
    window = page_request()
    session = store_session()
    firm = firm_by_slug(session, slug)  # held, so that each run's firm comes from the identity map
    runs, total = run_page(session, firm, limit=window.per_page, offset=window.offset)
    return paginated([run_json(run) for run in runs], total, window)


@api_blueprint.post("/firms")
def create_firm() -> ResponseReturnValue:
    fields = validated(FirmCreate, json_object()).changes()
    session = store_session()
    if session.scalar(select(Firm.id).where(Firm.name == fields["name"])) is not None:
        raise ApiError(409, "conflict", f"there is already a firm called {fields['name']!r}")
    try:
        firm = ensure_firm(session, **fields)
        session.commit()
    except IntegrityError as error:  # created by another request meanwhile
        session.rollback()
        raise ApiError(409, "conflict", f"there is already a firm called {fields['name']!r}") from error
    response = jsonify(firm_json(firm))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_firm", slug=firm.slug, _external=True)
    return response


@api_blueprint.patch("/firms/<slug>")
def edit_firm(slug: str) -> ResponseReturnValue:
    """Changes the fields sent; the slug stays, so links to the firm keep working after a rename."""
    fields = validated(FirmEdit, json_object()).changes()
    session = store_session()
    firm = firm_by_slug(session, slug)
    for name, value in fields.items():
        setattr(firm, name, value)
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        raise ApiError(409, "conflict", f"there is already a firm called {fields.get('name')!r}") from error
    return jsonify(firm_json(firm))


@api_blueprint.post("/firms/<slug>/scans")
def start_scan(slug: str) -> ResponseReturnValue:
    """Queues a scan of the firm as configured; 202 with the run to poll.

    ``status`` is ``running`` as it always was (the scan is under way); ``run_status`` says where
    the run is now: ``queued`` on the workers' ledger, or ``running`` on the server's own queue.
    """
    session = store_session()
    firm = firm_by_slug(session, slug)
    try:
        started = request_scan(session, firm)
    except ScanInProgress as error:
        raise ApiError(409, "run_in_progress", str(error)) from error
    except BlockedTarget as error:
        raise ApiError(422, "target_refused", str(error)) from error
    except ValueError as error:
        raise ApiError(422, "not_scannable", str(error)) from error
    location = url_for("api.get_run", run_id=started.run_id, _external=True)
    response = jsonify(run_id=started.run_id, status="running", run_status=started.status, url=location)
    response.status_code = 202
    response.headers["Location"] = location
    return response
