"""The terminal summary of a report: locales, the locale matrix and the findings to act on.

Every string shown may come from a hostile page, so cells are built as :class:`rich.text.Text`
(never parsed as console markup, where ``[/]`` would crash the run and ``[link=...]`` would
forge a link) after control characters are removed (rich keeps ESC, which would let a page
drive the reader's terminal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from rules.report.access import access_findings, access_mark
from rules.report.matrix import ATTENTION_OUTCOMES, findings_by_impact, locale_matrix
from rules.report.model import LocaleReport, Report

__all__ = ["OUTCOME_STYLES", "LocaleSummary", "plain", "render_table", "summary_rows"]

# C0/C1 controls (ESC starts terminal escape sequences) and bidi overrides ("Trojan Source").
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+")

_MATRIX_STYLES = {"found": "green", "missing": "bold red", "blocked": "dim", "unknown": "yellow"}
_IMPACT_STYLES = {"critical": "bold red", "serious": "red", "moderate": "yellow", "minor": "cyan"}
_STATUS_STYLES = {"complete": "green", "partial": "yellow", "blocked": "red", "error": "bold red"}
OUTCOME_STYLES = {"fail": "bold red", "needs_review": "yellow", "error": "magenta"}
"""Styles of the outcomes a reader must act on, by outcome value; the table across firms shares them."""


@dataclass(frozen=True)
class LocaleSummary:
    """One locale's row of the summary, as plain values a caller can format any way it likes."""

    locale: str
    status: str
    pages_visited: int
    page_errors: int
    score: int | None
    phone: int
    email: int
    chats: tuple[tuple[str, bool | None], ...]
    """``(vendor, human)`` per chat; ``human`` is ``None`` when it could not be told."""
    contact_form: int
    callback: int
    self_service: int
    hours: int
    contact_page_depth: int | None


def _summary(locale_report: LocaleReport) -> LocaleSummary:
    channels = locale_report.channels
    return LocaleSummary(
        locale=locale_report.locale,
        status=locale_report.status,
        pages_visited=len(locale_report.pages),
        page_errors=sum(1 for page in locale_report.pages if page.error),
        score=locale_report.score,
        phone=len(channels.phone),
        email=len(channels.email),
        chats=tuple((chat.vendor, chat.human) for chat in channels.chat),
        contact_form=len(channels.contact_form),
        callback=len(channels.callback),
        self_service=len(channels.self_service),
        hours=len(channels.hours),
        contact_page_depth=channels.contact_page.depth if channels.contact_page else None,
    )


def summary_rows(report: Report) -> list[LocaleSummary]:
    """One :class:`LocaleSummary` per locale, in the report's order."""
    return [_summary(locale_report) for locale_report in report.locales]


def plain(value: object, style: str = "") -> Text:
    """A cell that shows ``value`` literally: no markup, no control characters, one line."""
    return Text(_UNPRINTABLE.sub(" ", str(value)), style=style)


def _chat_text(chats: tuple[tuple[str, bool | None], ...]) -> str:
    human_labels = {True: "human", False: "bot", None: "?"}
    return ", ".join(f"{vendor} ({human_labels[human]})" for vendor, human in chats)


def _optional(value: int | None) -> str:
    return "—" if value is None else str(value)


def _channels_text(row: LocaleSummary) -> str:
    """The channels a locale offers, as words: "phone 1, chat 2: intercom (human), ...".

    Kinds with nothing found are left out; the locale matrix says which are missing.
    """
    counts = (
        ("phone", row.phone),
        ("email", row.email),
        ("chat", len(row.chats)),
        ("form", row.contact_form),
        ("call back", row.callback),
        ("self-service", row.self_service),
        ("hours", row.hours),
    )
    parts = []
    for kind, count in counts:
        if count:
            vendors = f": {_chat_text(row.chats)}" if kind == "chat" else ""
            parts.append(f"{kind} {count}{vendors}")
    return ", ".join(parts) or "none found"


def _locales_table(report: Report) -> Table:
    """Short fixed columns and one wrapping column, so a row reads whole at 80 columns."""
    table = Table(
        title=plain(f"{report.target.firm or report.target.url} — score {_optional(report.score)}"),
        caption="Pages: visited / with errors. Depth: clicks from the entry page to the contact page.",
        caption_justify="left",
    )
    for header in ("Locale", "Status", "Pages", "Score", "Depth"):
        table.add_column(header, no_wrap=True)
    table.add_column("Channels found", ratio=1)
    for row in summary_rows(report):
        table.add_row(
            plain(row.locale),
            plain(row.status, _STATUS_STYLES.get(row.status, "")),
            plain(f"{row.pages_visited} / {row.page_errors}"),
            plain(_optional(row.score)),
            plain(_optional(row.contact_page_depth)),
            plain(_channels_text(row)),
        )
    return table


_MATRIX_CAPTION = "apps: found = sold in the locale's store, blocked = not sold there, unknown = no answer"
_MATRIX_CELL_WIDTH = max(len(cell) for cell in _MATRIX_STYLES)
_COLUMN_EDGES = 3  # a column's padding on both sides and the line that follows it


def _matrix_tables(report: Report, width: int) -> list[Table]:
    """The locale matrix, cut into as many tables as it takes for every locale column to fit."""
    locales, rows = locale_matrix(report)
    label_width = max([len("Channel or app"), *(len(label) for label, _ in rows)]) + _COLUMN_EDGES + 1
    column_width = max([_MATRIX_CELL_WIDTH, *(len(locale) for locale in locales)]) + _COLUMN_EDGES
    per_table = max(1, (width - label_width) // column_width)
    starts = range(0, max(len(locales), 1), per_table)
    tables = []
    for part, start in enumerate(starts, start=1):
        title = "Locale matrix" if len(starts) == 1 else f"Locale matrix ({part}/{len(starts)})"
        table = Table(title=title)
        table.add_column("Channel or app", no_wrap=True)
        for locale in locales[start : start + per_table]:
            table.add_column(plain(locale), no_wrap=True)
        for label, cells in rows:
            shown = cells[start : start + per_table]
            table.add_row(plain(label), *(plain(cell, _MATRIX_STYLES[cell]) for cell in shown))
        tables.append(table)
    tables[-1].caption = _MATRIX_CAPTION
    return tables


def _print_findings(report: Report, console: Console) -> None:
    """One block per finding (rule, locale and outcome, then message and evidence), grouped by impact.

    Blocks rather than a table: a message and a URL need the whole width to stay readable on an
    80-column terminal, and a block never cuts a rule id or an outcome in two.
    """
    groups = findings_by_impact(report.all_findings(), ATTENTION_OUTCOMES)
    if not groups:
        console.print(plain("No failing, needs-review or errored findings."))
        return
    console.print(Text("Findings to act on", style="bold"), justify="center")
    for impact, findings in groups:
        console.rule(plain(impact.value, _IMPACT_STYLES[impact.value]), characters="-")
        for finding in findings:
            heading = Text.assemble(
                plain(finding.rule, "bold"),
                "  ",
                plain(finding.locale or "all locales"),
                "  ",
                plain(finding.outcome.value, OUTCOME_STYLES.get(finding.outcome.value, "")),
            )
            console.print(heading)
            console.print(Padding(plain(finding.message), (0, 0, 0, 4)))
            if finding.evidence:
                console.print(Padding(plain(finding.evidence[0].url, "dim"), (0, 0, 0, 4)))


def _access_table(report: Report) -> Table | None:
    """The "Accessible support" rules, one row per rule and locale, with their outcome."""
    findings = access_findings(report.all_findings())
    if not findings:
        return None
    table = Table(title=f"Accessible support: {access_mark(findings).replace('_', ' ')}")
    table.add_column("Rule", no_wrap=True)
    table.add_column("Locale", no_wrap=True)
    table.add_column("Outcome", no_wrap=True)
    for finding in findings:
        outcome = finding.outcome.value
        shown = plain(outcome, OUTCOME_STYLES.get(outcome, ""))
        table.add_row(plain(finding.rule), plain(finding.locale or ""), shown)
    return table


def render_table(report: Report, console: Console) -> None:
    """Prints the locales, the locale matrix and the failing, needs-review and errored findings.

    Args:
        report: the scan's report.
        console: where to print; a console with ``no_color=True`` or without a terminal prints
            plain text.
    """
    console.print(_locales_table(report))
    for matrix_table in _matrix_tables(report, console.width):
        console.print(matrix_table)
    access_table = _access_table(report)
    if access_table is not None:
        console.print(access_table)
    _print_findings(report, console)
