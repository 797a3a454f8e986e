"""The side-by-side comparison of a few firms, as one table that the page and the CSV both render.

Built from each firm's latest report, so channel cells mean exactly what the single-report matrix
says (:func:`rules.report.matrix.locale_matrix`): ``missing`` only after a complete crawl.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from checker.channels import Channels
from rules.report.access import access_mark
from rules.report.matrix import CHANNEL_KINDS, locale_matrix
from rules.report.model import Report
from server.dashboard.marks import mark, rule_metadata, worst_outcome
from server.dashboard.queries import LatestEvidence

MAX_VALUES = 3  # channel values listed in one cell; the firm page lists them all


@dataclass(frozen=True)
class Cell:
    """One firm's answer in one row; the page prints ``moment`` as a ``<time>``, ``outcome`` as a mark."""

    text: str
    css_class: str = ""
    detail: str = ""
    moment: datetime | None = None
    outcome: str | None = None

    @property
    def csv_text(self) -> str:
        return f"{self.text} ({self.detail})" if self.detail else self.text


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]
    note: str = ""


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class Comparison:
    firms: list[LatestEvidence]
    sections: list[Section]


def _chat_value(chat: Any) -> str:
    person = {True: "person", False: "bot only", None: "person or bot?"}[chat.human]
    return f"{chat.vendor} ({person})"


_VALUES: dict[str, Callable[[Any], str]] = {
    "phone": lambda phone: phone.display,
    "email": lambda email: email.address,
    "chat": _chat_value,
    "contact_form": lambda form: form.url,
    "callback": lambda callback: callback.text,
    "self_service": lambda self_service: self_service.text,
    "hours": lambda hours: hours.text,
}


def channel_values(channels: Channels, kind: str) -> list[str]:
    """What a reader would note down for a channel kind: numbers, addresses, vendors, texts."""
    if kind == "contact_page":
        return [channels.contact_page.url] if channels.contact_page else []
    summary = _VALUES.get(kind)
    if summary is None:
        return []
    return list(dict.fromkeys(summary(channel) for channel in getattr(channels, kind)))


def _summary(evidence: list[LatestEvidence], reports: list[Report]) -> Section:
    return Section(
        "Summary",
        [
            Row(
                "Score",
                [Cell("—" if e.judgement.score is None else str(e.judgement.score)) for e in evidence],
            ),
            Row(
                "Evidence from",
                [Cell(e.run.started_at.isoformat(), moment=e.run.started_at) for e in evidence],
            ),
            Row(
                "Locales", [Cell(", ".join(locale.locale for locale in report.locales)) for report in reports]
            ),
            Row("Rule set", [Cell(e.judgement.ruleset_version) for e in evidence]),
            Row(
                "Accessible support",
                [_access_cell(report) for report in reports],
                "the worst of the a11y.* and access.* rules",
            ),
        ],
    )


def _access_cell(report: Report) -> Cell:
    shown = mark(access_mark(report.all_findings()))
    return Cell(f"{shown.symbol} {shown.word}", outcome=shown.outcome)


def _rule_cell(report: Report, rule_id: str) -> Cell:
    findings = [finding for finding in report.all_findings() if finding.rule == rule_id]
    worst = worst_outcome(finding.outcome.value for finding in findings)
    shown = mark(worst)
    where = sorted(
        {finding.locale or "all locales" for finding in findings if finding.outcome.value == worst}
    )
    detail = f"in {', '.join(where)}" if worst in ("fail", "needs_review", "error") and where else ""
    return Cell(f"{shown.symbol} {shown.word}", detail=detail, outcome=shown.outcome)


def _rules(reports: list[Report]) -> Section:
    metadata = rule_metadata()
    seen = {finding.rule for report in reports for finding in report.all_findings()}
    rule_ids = [rule_id for rule_id in metadata if rule_id in seen] + sorted(seen - metadata.keys())
    rows = []
    for rule_id in rule_ids:
        meta = metadata.get(rule_id)
        rows.append(
            Row(rule_id, [_rule_cell(report, rule_id) for report in reports], meta.title if meta else "")
        )
    return Section("Rule outcomes (worst over the locales)", rows)


def _locale_sections(reports: list[Report]) -> list[Section]:
    """One section per locale any firm was scanned from, one row per channel kind and app."""
    matrices = []
    for report in reports:
        locales, rows = locale_matrix(report)
        matrices.append(
            {
                (label, locale): cell
                for label, cells in rows
                for locale, cell in zip(locales, cells, strict=True)
            }
        )
    labels = list(dict.fromkeys(label for matrix in matrices for label, _ in matrix))
    all_locales = sorted({locale.locale for report in reports for locale in report.locales})
    sections = []
    for locale in all_locales:
        section = Section(f"Channels in {locale}")
        for label in labels:
            cells = []
            for report, matrix in zip(reports, matrices, strict=True):
                cell = matrix.get((label, locale))
                if cell is None:
                    scanned = any(locale_report.locale == locale for locale_report in report.locales)
                    cells.append(Cell("—" if scanned else "not scanned", "cell-none"))
                    continue
                locale_report = next(entry for entry in report.locales if entry.locale == locale)
                values = channel_values(locale_report.channels, label) if label in CHANNEL_KINDS else []
                shown = "; ".join(values[:MAX_VALUES]) + (" …" if len(values) > MAX_VALUES else "")
                cells.append(Cell(cell, f"cell-{cell}", shown))
            section.rows.append(Row(label.replace("_", " "), cells))
        sections.append(section)
    return sections


def compare_firms(evidence: list[LatestEvidence]) -> Comparison:
    """The comparison of firms in the order given, from their latest judgements' reports."""
    reports = [item.judgement.report() for item in evidence]
    return Comparison(evidence, [_summary(evidence, reports), _rules(reports), *_locale_sections(reports)])
