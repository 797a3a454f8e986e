"""``/api/v1/runs``, ``/diff`` and ``/reports``: a run, its findings, what changed between two runs;
deleting a run; storing a report uploaded by a company's CI."""

from __future__ import annotations

from flask import jsonify, request, url_for
from flask.typing import ResponseReturnValue
from pydantic import ValidationError

from rules.model import Impact, Outcome
from rules.report.model import Report
from server.api._blueprint import api_blueprint
from server.api.errors import ApiError, invalid_body
from server.api.inputs import json_object
from server.api.pagination import page_request, paginated
from server.api.queries import locale_results, run_by_id, run_judgement
from server.api.serialize import diff_json, finding_json, locale_json, run_json
from server.auth.access import needs
from server.dashboard.params import int_param, locale_param, text_param
from server.store.diff import diff_judgements
from server.store.errors import ReportImportError
from server.store.importer import import_report
from server.store.queries import judgement_findings
from server.store_session import store_session

OUTCOMES = tuple(outcome.value for outcome in Outcome)
IMPACTS = tuple(impact.value for impact in Impact)
MAX_FIRM_NAME = 200


@api_blueprint.get("/runs/<int:run_id>")
def get_run(run_id: int) -> ResponseReturnValue:
    """A run with its judgements and the locales of one (``?judgement=``, by default the latest)."""
    session = store_session()
    run = run_by_id(session, run_id)
    body = run_json(run)
    if run.judgements:
        judgement = run_judgement(run, int_param("judgement"))
        body["judgement_id"] = judgement.id
        body["locales"] = [locale_json(locale) for locale in locale_results(session, judgement.id)]
    return jsonify(body)


@api_blueprint.get("/runs/<int:run_id>/findings")
def list_run_findings(run_id: int) -> ResponseReturnValue:
    """Findings of a run's judgement, worst impact first; filters rule, outcome, impact and locale."""
    window = page_request()
    wanted = {
        "rule": text_param("rule"),
        "outcome": text_param("outcome", choices=OUTCOMES),
        "impact": text_param("impact", choices=IMPACTS),
        "locale": locale_param(),
    }
    session = store_session()
    judgement = run_judgement(run_by_id(session, run_id), int_param("judgement"))
    findings = [
        finding
        for finding in judgement_findings(session, judgement.id)
        if all(not value or getattr(finding, name) == value for name, value in wanted.items())
    ]
    page = findings[window.offset : window.offset + window.per_page]
    return paginated([finding_json(finding) for finding in page], len(findings), window)


@api_blueprint.delete("/runs/<int:run_id>")
def delete_run(run_id: int) -> ResponseReturnValue:
    """Deletes a finished run and everything it holds (screenshot files stay: others may share them)."""
    session = store_session()
    run = run_by_id(session, run_id)
    if run.status == "running":
        raise ApiError(
            409, "run_in_progress", f"run {run_id} is still running: delete it once it has finished"
        )
    session.delete(run)
    session.commit()
    return "", 204


@api_blueprint.get("/diff")
def diff_runs() -> ResponseReturnValue:
    """What changed from run ``from`` to run ``to`` (latest judgements): new failures, fixes, channels."""
    old_id, new_id = int_param("from"), int_param("to")
    if old_id is None or new_id is None:
        raise ApiError(400, "bad_request", "give two run ids: /api/v1/diff?from=RUN&to=RUN")
    session = store_session()
    old, new = (
        run_judgement(run_by_id(session, old_id), None),
        run_judgement(run_by_id(session, new_id), None),
    )
    return jsonify(diff_json(diff_judgements(session, old.id, new.id)))


@api_blueprint.post("/reports")
@needs("upload")
def upload_report() -> ResponseReturnValue:
    """Stores a ``supportcheck.report/v1`` report as a run of ``?firm=``, by default the report's firm."""
    body = json_object()
    try:
        report = Report.model_validate(body)
    except ValidationError as error:
        raise invalid_body(error) from error
    firm_name = request.args.get("firm", "").strip()[:MAX_FIRM_NAME] or None
    session = store_session()
    try:
        run = import_report(session, report, firm_name=firm_name)
    except ReportImportError as error:
        raise ApiError(422, "invalid_report", str(error)) from error
    response = jsonify(run_json(run_by_id(session, run.id)))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_run", run_id=run.id, _external=True)
    return response
