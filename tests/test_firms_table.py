"""The table across firms (``make demo``, ``supportcheck crawl``) reads whole at 80 columns."""

from __future__ import annotations

import io
import itertools
import re

from rich.console import Console

from rules.model import Finding, Impact, Outcome
from rules.report.model import BrowserEntry, LocaleReport, Report, Target, ToolInfo
from supportcheck.report.firms_table import KEY_RULES, OUTCOME_LABELS, print_firms_table
from tests.sites import DEMO_FIRMS

LOCALES = ("en-US", "it-IT", "de-DE")


def _reports() -> dict[str, Report]:
    """The demo firms, each rule given every outcome in turn, one firm with a locale left unjudged."""
    outcomes = itertools.cycle(Outcome)
    reports = {}
    for firm in DEMO_FIRMS:
        locales = [
            LocaleReport(
                locale=locale,
                status="complete",
                score=100,
                findings=[
                    Finding(
                        rule=rule_id,
                        outcome=next(outcomes),
                        impact=Impact.SERIOUS,
                        message="m",
                        locale=locale,
                    )
                    for _, rule_id in KEY_RULES
                ],
            )
            for locale in LOCALES
        ]
        reports[firm.name] = Report(
            tool=ToolInfo(name="supportcheck", version="0"),
            browser=BrowserEntry(),
            target=Target(url=f"http://www.{firm.name}.test/", firm=firm.name),
            started_at="",
            finished_at="",
            locales=locales,
        )
    last = reports[DEMO_FIRMS[-1].name]
    last.locales[-1] = last.locales[-1].model_copy(update={"findings": [], "score": None})
    return reports


def _render(reports: dict[str, Report], width: int = 80) -> str:
    buffer = io.StringIO()
    print_firms_table(reports, "all firms", Console(file=buffer, width=width, no_color=True))
    return buffer.getvalue()


def test_every_firm_locale_and_outcome_is_whole_at_80_columns() -> None:
    reports = _reports()
    output = _render(reports)
    lines = output.splitlines()
    assert "…" not in output and max(len(line) for line in lines) <= 80
    header = next(line for line in lines if line.startswith("firm"))
    assert header.split() == ["firm", "locale", "score", *(name for name, _ in KEY_RULES)]
    label = "|".join(re.escape(label) for label in [*OUTCOME_LABELS.values(), "-"])
    row = re.compile(rf"^(\S*) +({'|'.join(LOCALES)}) +(\d+|-) +((?:(?:{label}) +){{6}}(?:{label}))\s*$")
    rows = [match.groups() for line in lines if (match := row.match(line))]
    assert len(rows) == len(reports) * len(LOCALES), "every row parses into whole cells"
    firm_names = [firm for firm, *_ in rows if firm]
    assert firm_names == list(reports), "each firm's name once, on its first row, never cut"
    for (_, locale, _, cells), (firm, report) in zip(
        rows, ((firm, report) for firm, report in reports.items() for _ in LOCALES), strict=True
    ):
        expected = []
        for _, rule_id in KEY_RULES:
            outcome = next(
                (f.outcome for f in report.all_findings() if (f.rule, f.locale) == (rule_id, locale)), None
            )
            expected.append("-" if outcome is None else OUTCOME_LABELS[outcome])
        assert cells.split() == expected, (firm, locale)


def test_the_legend_spells_out_every_short_name() -> None:
    legend = " ".join(_render(_reports()).split())
    for name, rule_id in KEY_RULES:
        assert f"{name} = {rule_id}" in legend
    assert (
        "review = needs_review" in legend and "n/a = not_applicable" in legend and "- = not judged" in legend
    )


def test_no_report_at_all_is_one_sentence() -> None:
    assert _render({}).strip() == "No firm could be scanned."
