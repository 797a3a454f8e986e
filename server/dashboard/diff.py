"""The run diff: pick two runs of a firm and see what regressed, what was fixed, which channels moved."""

from __future__ import annotations

from flask import abort, render_template
from flask.typing import ResponseReturnValue

from server.dashboard._blueprint import dashboard_blueprint
from server.dashboard.params import int_param
from server.dashboard.queries import firm_by_slug
from server.store.diff import diff_judgements
from server.store.models import Run
from server.store.queries import STORED_STATUSES, firm_runs
from server.store_session import store_session

CHANNEL_NOUNS = {
    "phone": "phone number",
    "email": "email address",
    "chat": "chat",
    "contact_form": "contact form",
    "callback": "callback offer",
    "self_service": "self-service option",
    "hours": "opening hours",
    "wait_time": "stated wait time",
    "contact_page": "contact page",
}


def _pick(runs: list[Run], run_id: int | None, default: Run | None, name: str) -> Run | None:
    if run_id is None:
        return default
    chosen = next((run for run in runs if run.id == run_id), None)
    if chosen is None or chosen.latest_judgement is None:
        abort(404, f"'{name}': run {run_id} is not a judged run of this firm")
    return chosen


@dashboard_blueprint.get("/firms/<slug>/diff")
def run_diff(slug: str) -> ResponseReturnValue:
    """Compares run ``from`` with run ``to`` by their latest judgements; by default the two newest runs."""
    session = store_session()
    found = firm_by_slug(session, slug)
    if found is None:
        abort(404, f"there is no firm {slug!r}")
    runs = firm_runs(session, found.id)
    judged = [run for run in runs if run.status in STORED_STATUSES and run.latest_judgement is not None]
    old_run = _pick(runs, int_param("from"), judged[1] if len(judged) > 1 else None, "from")
    new_run = _pick(runs, int_param("to"), judged[0] if judged else None, "to")
    diff = None
    if old_run is not None and new_run is not None:
        old_judgement, new_judgement = old_run.latest_judgement, new_run.latest_judgement
        assert old_judgement is not None and new_judgement is not None  # _pick and `judged` checked
        diff = diff_judgements(session, old_judgement.id, new_judgement.id)
    return render_template(
        "dashboard/diff.html",
        firm=found,
        runs=[run for run in runs if run.latest_judgement is not None],
        old_run=old_run,
        new_run=new_run,
        diff=diff,
        channel_nouns=CHANNEL_NOUNS,
    )
