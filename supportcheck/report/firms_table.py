"""The table across firms that ``make demo`` and ``supportcheck crawl`` print: key rules per locale.

Seven rule columns and full outcome words do not fit 80 columns, and a terminal that is not a
TTY (a CI log, a pipe) is 80 columns wide. So the columns carry short names and the cells short
outcome words, and a legend under the table spells both out; nothing is ever cut to "huma…".
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

from rules.model import Outcome
from rules.report.model import Report
from supportcheck.report.table import OUTCOME_STYLES, plain

__all__ = ["KEY_RULES", "OUTCOME_LABELS", "firms_table", "outcome_label", "print_firms_table"]

KEY_RULES: tuple[tuple[str, str], ...] = (
    ("human", "human.channel"),
    ("bot-only", "human.bot-only"),
    ("depth", "contact.depth"),
    ("callback", "callback.offered"),
    ("app-only", "region.app-only-support"),
    ("blocked", "region.page-blocked"),
    ("parity", "region.channel-parity"),
)
"""(column name, rule id): the rules a reader compares firms by."""

OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.PASS: "pass",
    Outcome.FAIL: "fail",
    Outcome.NEEDS_REVIEW: "review",
    Outcome.NOT_APPLICABLE: "n/a",
    Outcome.ERROR: "error",
}
NOT_JUDGED = "-"


def outcome_label(report: Report, locale: str, rule_id: str) -> tuple[str, str]:
    """The short label of a rule's outcome in one locale, and its style; ``-`` when not judged."""
    for finding in report.all_findings():
        if finding.rule == rule_id and finding.locale == locale:
            return OUTCOME_LABELS[finding.outcome], OUTCOME_STYLES.get(finding.outcome.value, "")
    return NOT_JUDGED, ""


def _legend() -> str:
    columns = ", ".join(f"{name} = {rule_id}" for name, rule_id in KEY_RULES)
    outcomes = ", ".join(
        f"{label} = {outcome.value}" for outcome, label in OUTCOME_LABELS.items() if label != outcome.value
    )
    return f"Columns: {columns}. Outcomes: {outcomes}, {NOT_JUDGED} = not judged."


def firms_table(reports: dict[str, Report], title: str) -> Table:
    """One row per firm and locale, one column per key rule, with the legend as the caption.

    Args:
        reports: each firm's report, by firm name, in the order to list them.
        title: the table's title.
    """
    # Single spaces between columns instead of ruled borders: the seven rule columns then fit in
    # 80 columns with the firm column still wide enough for a name of a dozen letters.
    table = Table(
        title=title,
        caption=_legend(),
        caption_justify="left",
        box=box.HORIZONTALS,
        show_edge=False,
        padding=0,
        pad_edge=False,
    )
    table.add_column("firm", ratio=1, overflow="fold")
    table.add_column("locale", no_wrap=True)
    table.add_column("score", no_wrap=True, justify="right")
    for name, _ in KEY_RULES:
        table.add_column(name, no_wrap=True)
    for firm, report in reports.items():
        for index, locale_report in enumerate(report.locales):
            score = NOT_JUDGED if locale_report.score is None else str(locale_report.score)
            cells = [outcome_label(report, locale_report.locale, rule_id) for _, rule_id in KEY_RULES]
            table.add_row(
                plain(firm if index == 0 else ""),
                plain(locale_report.locale),
                plain(score),
                *(plain(label, style) for label, style in cells),
            )
    return table


def print_firms_table(reports: dict[str, Report], title: str, console: Console) -> None:
    """Prints :func:`firms_table`, or a sentence when no firm has a report."""
    if reports:
        console.print(firms_table(reports, title))
    else:
        console.print(plain("No firm could be scanned."))
