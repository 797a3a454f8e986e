"""The compare page and its CSV export: 2–6 firms side by side, as an advocate would cite them."""

from __future__ import annotations

import csv
import io
import re

from flask import Response, abort, render_template, request
from flask.typing import ResponseReturnValue

from server.dashboard._blueprint import dashboard_blueprint
from server.dashboard.comparison import Comparison, compare_firms
from server.dashboard.params import MAX_TEXT
from server.dashboard.queries import latest_with_reports
from server.store_session import store_session

MIN_FIRMS, MAX_FIRMS = 2, 6
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _requested_slugs() -> list[str]:
    slugs = list(dict.fromkeys(slug.strip() for slug in request.args.getlist("firm") if slug.strip()))
    if any(len(slug) > MAX_TEXT for slug in slugs):
        abort(400, f"a 'firm' parameter is longer than {MAX_TEXT} characters")
    if slugs and not MIN_FIRMS <= len(slugs) <= MAX_FIRMS:
        abort(400, f"compare takes {MIN_FIRMS} to {MAX_FIRMS} different 'firm' parameters, not {len(slugs)}")
    return slugs


def _comparison(slugs: list[str]) -> Comparison:
    found = latest_with_reports(store_session(), slugs)
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        abort(404, f"no stored judgement for: {', '.join(unknown)}")
    return compare_firms([found[slug] for slug in slugs])


@dashboard_blueprint.get("/compare")
def compare() -> ResponseReturnValue:
    """The firms named by repeated ``firm`` parameters (slugs), in that order; a how-to without any."""
    slugs = _requested_slugs()
    return render_template(
        "dashboard/compare.html", comparison=_comparison(slugs) if slugs else None, slugs=slugs
    )


def csv_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one that could start a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def comparison_csv(comparison: Comparison) -> str:
    """The comparison as CSV: section, row, then one column per firm."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow([csv_cell(text) for text in ["section", "row", *(e.firm.name for e in comparison.firms)]])
    for section in comparison.sections:
        for row in section.rows:
            writer.writerow(
                [
                    csv_cell(text)
                    for text in [section.title, row.label, *(cell.csv_text for cell in row.cells)]
                ]
            )
    return output.getvalue()


@dashboard_blueprint.get("/compare.csv")
def compare_csv() -> ResponseReturnValue:
    """The same comparison as :func:`compare`, as a CSV download."""
    slugs = _requested_slugs()
    if not slugs:
        abort(400, f"name {MIN_FIRMS} to {MAX_FIRMS} firms with repeated 'firm' parameters")
    body = comparison_csv(_comparison(slugs))
    # Slugs found in the store are [a-z0-9-]; the filter keeps the header safe whatever they become.
    filename = "supportcheck-compare-" + re.sub(r"[^a-z0-9-]", "", "-".join(slugs))[:120] + ".csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
