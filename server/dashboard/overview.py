"""The overview: every firm ranked by its latest score, with the key rules as pass/fail marks."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from server.dashboard._blueprint import dashboard_blueprint
from server.dashboard.marks import key_columns, rule_metadata
from server.dashboard.params import locale_param, page_param, text_param
from server.dashboard.queries import filter_choices
from server.store.queries import OUTCOME_SEVERITY, latest_judgements
from server.store_session import store_session


@dashboard_blueprint.get("/")
def overview() -> ResponseReturnValue:
    """The ranking, filtered by sector, country, locale, a rule's outcome and part of the name."""
    filters = {
        "q": text_param("q"),
        "sector": text_param("sector"),
        "country": text_param("country"),
        "locale": locale_param(),
        "rule": text_param("rule", choices=rule_metadata()),
        "outcome": text_param("outcome", choices=OUTCOME_SEVERITY),
    }
    window = page_param()
    tags = {key: filters[key] for key in ("sector", "country") if filters[key]}
    session = store_session()
    standings = latest_judgements(
        session,
        tags=tags,
        locale=filters["locale"] or None,
        rule=filters["rule"] or None,
        outcome=(filters["outcome"] or "fail") if filters["rule"] else None,
        search=filters["q"] or None,
        limit=window.fetch,
        offset=window.offset,
    )
    return render_template(
        "dashboard/overview.html",
        standings=standings[: window.size],
        has_next=len(standings) > window.size,
        window=window,
        filters=filters,
        choices=filter_choices(session),
        columns=key_columns(),
        rules=rule_metadata(),
        outcomes=OUTCOME_SEVERITY,
    )
