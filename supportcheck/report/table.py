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
from rich.table import Table
from rich.text import Text

from rules.report.matrix import ATTENTION_OUTCOMES, findings_by_impact, locale_matrix
from rules.report.model import LocaleReport, Report

__all__ = ["LocaleSummary", "plain", "render_table", "summary_rows"]

# C0/C1 controls (ESC starts terminal escape sequences) and bidi overrides ("Trojan Source").
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+")

_MATRIX_STYLES = {"found": "green", "missing": "bold red", "blocked": "dim", "unknown": "yellow"}
_IMPACT_STYLES = {"critical": "bold red", "serious": "red", "moderate": "yellow", "minor": "cyan"}
_STATUS_STYLES = {"complete": "green", "partial": "yellow", "blocked": "red", "error": "bold red"}


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
    return ", ".join(f"{vendor} ({human_labels[human]})" for vendor, human in chats) or "0"


def _optional(value: int | None) -> str:
    return "—" if value is None else str(value)


def _locales_table(report: Report) -> Table:
    table = Table(title=plain(f"{report.target.firm or report.target.url} — score {_optional(report.score)}"))
    for header in (
        "Locale",
        "Status",
        "Pages / errors",
        "Score",
        "Phone",
        "Email",
        "Chat (vendor, human?)",
        "Form",
        "Callback",
        "Self-service",
        "Hours",
        "Contact page depth",
    ):
        table.add_column(header, overflow="fold")
    for row in summary_rows(report):
        table.add_row(
            plain(row.locale),
            plain(row.status, _STATUS_STYLES.get(row.status, "")),
            plain(f"{row.pages_visited} / {row.page_errors}"),
            plain(_optional(row.score)),
            plain(row.phone),
            plain(row.email),
            plain(_chat_text(row.chats)),
            plain(row.contact_form),
            plain(row.callback),
            plain(row.self_service),
            plain(row.hours),
            plain(_optional(row.contact_page_depth)),
        )
    return table


def _matrix_table(report: Report) -> Table:
    locales, rows = locale_matrix(report)
    table = Table(
        title="Locale matrix",
        caption="apps: found = sold in the locale's store, blocked = not sold there, unknown = no answer",
    )
    table.add_column("Channel or app")
    for locale in locales:
        table.add_column(plain(locale))
    for label, cells in rows:
        table.add_row(plain(label), *(plain(cell, _MATRIX_STYLES[cell]) for cell in cells))
    return table


def _findings_table(report: Report) -> Table | None:
    groups = findings_by_impact(report.all_findings(), ATTENTION_OUTCOMES)
    if not groups:
        return None
    table = Table(title="Findings to act on")
    for header in ("Impact", "Rule", "Locale", "Outcome", "Message", "Evidence"):
        table.add_column(header, overflow="fold")
    for impact, findings in groups:
        for finding in findings:
            table.add_row(
                plain(impact.value, _IMPACT_STYLES[impact.value]),
                plain(finding.rule),
                plain(finding.locale or "all"),
                plain(finding.outcome.value),
                plain(finding.message),
                plain(finding.evidence[0].url if finding.evidence else ""),
            )
        table.add_section()
    return table


def render_table(report: Report, console: Console) -> None:
    """Prints the locales, the locale matrix and the failing, needs-review and errored findings.

    Args:
        report: the scan's report.
        console: where to print; a console with ``no_color=True`` or without a terminal prints
            plain text.
    """
    console.print(_locales_table(report))
    console.print(_matrix_table(report))
    findings_table = _findings_table(report)
    if findings_table is None:
        console.print(plain("No failing, needs-review or errored findings."))
    else:
        console.print(findings_table)
