"""Report views that the terminal table and the HTML page share: the locale matrix, findings by impact.

Both writers must tell the same story, so what a cell means ("missing" versus "unknown") and the
order findings are listed in are decided here once, never in a writer or a template.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from checker.channels import Channels
from rules.model import Finding, Impact, Outcome
from rules.report.model import LocaleReport, Report

__all__ = [
    "ATTENTION_OUTCOMES",
    "CHANNEL_KINDS",
    "Cell",
    "channel_found",
    "findings_by_impact",
    "locale_matrix",
]

CHANNEL_KINDS: tuple[str, ...] = (
    "phone",
    "email",
    "chat",
    "contact_form",
    "callback",
    "self_service",
    "hours",
    "contact_page",
)
"""Matrix rows, in the order a customer looking for help would think of them."""

Cell = Literal["found", "missing", "blocked", "unknown"]

ATTENTION_OUTCOMES: tuple[Outcome, ...] = (Outcome.FAIL, Outcome.NEEDS_REVIEW, Outcome.ERROR)
"""Outcomes a reader must act on; ``error`` is included because a rule that did not run proves nothing."""


def channel_found(channels: Channels, kind: str) -> bool:
    """Whether a locale's channels hold at least one channel of ``kind`` (one of :data:`CHANNEL_KINDS`)."""
    if kind == "contact_page":
        return channels.contact_page is not None
    return bool(getattr(channels, kind))


def _app_key(store: str, app_id: str) -> str:
    return f"{store} app {app_id}"


def _app_row_keys(report: Report) -> list[str]:
    """Every app any locale lists, once, in first-seen order so the matrix is stable across runs."""
    keys: dict[str, None] = {}
    for locale_report in report.locales:
        for app in locale_report.apps:
            keys.setdefault(_app_key(app.store, app.id), None)
    return list(keys)


APP_CELLS: dict[bool | None, Cell] = {True: "found", False: "blocked", None: "unknown"}
"""An app the store does not sell in a locale is region-locked there: ``blocked``, not ``missing``."""


def _app_cell(locale_report: LocaleReport, key: str) -> Cell:
    app = next((app for app in locale_report.apps if _app_key(app.store, app.id) == key), None)
    return APP_CELLS[app.available] if app is not None else "unknown"


def _cell(locale_report: LocaleReport, found: bool) -> Cell:
    """The matrix cell for one locale and one row.

    A channel seen is a fact whatever the locale's status, so ``found`` wins. Otherwise a blocked
    locale says nothing about the site (``blocked``), and an errored or partial crawl may simply
    not have reached the page with the channel (``unknown``); only a complete crawl proves ``missing``.
    """
    if found:
        return "found"
    if locale_report.status == "blocked":
        return "blocked"
    if locale_report.status in ("error", "partial"):
        return "unknown"
    return "missing"


def locale_matrix(report: Report) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Which channel and app each locale offers.

    Args:
        report: the scan's report.

    Returns:
        The locale codes (columns) and one ``(row label, cells)`` pair per channel kind and per
        app, each cell one of ``found``, ``missing``, ``blocked`` or ``unknown``. An app's cell
        says what the locale's store answered: sold (``found``), not sold (``blocked``) or could
        not tell (``unknown``).
    """
    locales = [locale_report.locale for locale_report in report.locales]
    rows: list[tuple[str, list[str]]] = [
        (
            kind,
            [
                _cell(locale_report, channel_found(locale_report.channels, kind))
                for locale_report in report.locales
            ],
        )
        for kind in CHANNEL_KINDS
    ]
    for app_key in _app_row_keys(report):
        rows.append((app_key, [_app_cell(locale_report, app_key) for locale_report in report.locales]))
    return locales, rows


def findings_by_impact(
    findings: Iterable[Finding], outcomes: Iterable[Outcome] | None = None
) -> list[tuple[Impact, list[Finding]]]:
    """Findings grouped by impact, critical first, keeping their order within a group.

    Args:
        findings: the findings to group.
        outcomes: keep only findings with these outcomes; all findings when ``None``.

    Returns:
        ``(impact, findings)`` pairs for the impacts that have at least one finding.
    """
    wanted = None if outcomes is None else set(outcomes)
    groups: dict[Impact, list[Finding]] = {impact: [] for impact in sorted(Impact, key=lambda i: -i.rank)}
    for finding in findings:
        if wanted is None or finding.outcome in wanted:
            groups[finding.impact].append(finding)
    return [(impact, group) for impact, group in groups.items() if group]
