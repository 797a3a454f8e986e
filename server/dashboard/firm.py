"""A firm's page: its locale matrix, findings with evidence, score trend and runs."""

from __future__ import annotations

from itertools import groupby

from flask import abort, render_template
from flask.typing import ResponseReturnValue

from rules.report.access import ACCESS_RULE_PREFIXES, access_mark
from rules.report.matrix import locale_matrix
from server.dashboard._blueprint import dashboard_blueprint
from server.dashboard.queries import firm_by_slug
from server.dashboard.trend import score_trend
from server.evidence.queries import pending_evidence
from server.store.models import Finding, Page, Run
from server.store.queries import STORED_STATUSES, firm_runs, judgement_findings, run_pages
from server.store_session import store_session

ATTENTION = ("fail", "needs_review", "error")


def latest_stored_run(runs: list[Run]) -> Run | None:
    """The newest run that was stored whole or in part and judged (``runs`` come newest first)."""
    return next((run for run in runs if run.status in STORED_STATUSES and run.judgements), None)


def _by_impact(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    # judgement_findings already orders by impact, worst first.
    return [(impact, list(group)) for impact, group in groupby(findings, key=lambda finding: finding.impact)]


def _by_locale(pages: list[Page]) -> list[tuple[str, list[Page]]]:
    return [(locale, list(group)) for locale, group in groupby(pages, key=lambda page: page.locale)]


@dashboard_blueprint.get("/firms/<slug>")
def firm(slug: str) -> ResponseReturnValue:
    session = store_session()
    found = firm_by_slug(session, slug)
    if found is None:
        abort(404, f"there is no firm {slug!r}")
    runs = firm_runs(session, found.id)
    run = latest_stored_run(runs)
    context: dict[str, object] = {
        "firm": found,
        "runs": runs,
        "run": run,
        "trend": score_trend(runs),
        "pending_evidence": pending_evidence(session, found.id),
    }
    if run is not None and (judgement := run.latest_judgement) is not None:
        report = judgement.report()
        matrix_locales, matrix_rows = locale_matrix(report)
        findings = judgement_findings(session, judgement.id)
        context.update(
            judgement=judgement,
            report=report,
            matrix_locales=matrix_locales,
            matrix_rows=matrix_rows,
            attention=_by_impact([finding for finding in findings if finding.outcome in ATTENTION]),
            settled=[finding for finding in findings if finding.outcome not in ATTENTION],
            pages=_by_locale(run_pages(session, run.id)),
            access=sorted(
                (finding for finding in findings if finding.rule.startswith(ACCESS_RULE_PREFIXES)),
                key=lambda finding: (finding.rule, finding.locale or ""),
            ),
            access_mark=access_mark(report.all_findings()),
        )
    return render_template("dashboard/firm.html", **context)
