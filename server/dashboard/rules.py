"""The rules pages: what each rule checks and why, and which firms fail it now."""

from __future__ import annotations

from flask import abort, render_template
from flask.typing import ResponseReturnValue

from server.dashboard._blueprint import dashboard_blueprint
from server.dashboard.marks import rule_metadata
from server.dashboard.params import page_param
from server.dashboard.queries import failing_firm_counts
from server.store.queries import latest_judgements
from server.store_session import store_session


@dashboard_blueprint.get("/rules")
def rules() -> ResponseReturnValue:
    return render_template(
        "dashboard/rules.html",
        rules=list(rule_metadata().values()),
        failing=failing_firm_counts(store_session()),
    )


@dashboard_blueprint.get("/rules/<rule_id>")
def rule(rule_id: str) -> ResponseReturnValue:
    """One rule's description and references, and the firms whose latest judgement fails it."""
    meta = rule_metadata().get(rule_id)
    if meta is None:
        abort(404, f"there is no rule {rule_id!r}")
    window = page_param()
    failing = latest_judgements(
        store_session(), rule=rule_id, outcome="fail", limit=window.fetch, offset=window.offset
    )
    return render_template(
        "dashboard/rule.html",
        meta=meta,
        failing=failing[: window.size],
        has_next=len(failing) > window.size,
        window=window,
    )
