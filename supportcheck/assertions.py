"""Lighthouse CI-style assertions: what a CI run demands of a report, checked as a pure function of it.

``--fail-on`` is the preset (every rule of that impact or worse at level ``error``), and the
``assert:`` section extends it as Lighthouse CI's assertions extend a preset: a rule's own level
wins, budgets add checks. Each assertion ends ``passed``, ``failed`` or ``unknown``. ``unknown``
is for a value the report cannot decide: a rule that needs review or did not run, or an absence
(a channel not found, a depth over budget) in a locale the crawl could not fully see. We never
accuse a firm of what we could not see, so an unknown is never printed or counted as a failure;
it is a warning, or an error only when the section asks for that with ``unknown: error``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from textwrap import shorten
from typing import Any, Literal, TextIO

from checker.config import AssertConfig, AssertLevel, AssertVocabulary, load_assertions, load_firms
from rules.engine import score
from rules.model import Finding, Impact, Outcome
from rules.registry import all_rules
from rules.report.matrix import CHANNEL_KINDS, channel_found
from rules.report.model import LocaleReport, Report
from supportcheck.cli_options import UsageError

__all__ = [
    "DEFAULT_ASSERTIONS_FILE",
    "AssertionResult",
    "add_assert_options",
    "assertions_for",
    "check_assertions",
    "evaluate",
    "format_results",
    "is_blocking",
    "rule_levels",
    "vocabulary",
]

DEFAULT_ASSERTIONS_FILE = Path("supportcheck.yml")
DEPTH_RULE = "contact.depth"
DEPTH_BUDGET = "max_contact_depth"
NO_FAIL = "no fail"
NOTE_WIDTH = 160  # a finding message can list many pages; the report holds it whole
UNDECIDED = (Outcome.NEEDS_REVIEW, Outcome.ERROR)

Level = Literal["warn", "error"]
Status = Literal["passed", "failed", "unknown"]
LABELS = ("failed", "unknown (failing)", "warning", "unknown")


@dataclass(frozen=True)
class AssertionResult:
    """One assertion on one locale (or on the whole report when ``locale`` is None)."""

    name: str  # a rule id, or a budget name such as ``min_score``
    locale: str | None
    level: Level
    status: Status
    expected: str
    actual: str
    note: str = ""  # the finding's message, or why the report cannot decide


@cache
def vocabulary() -> AssertVocabulary:
    """The rule ids and channel kinds an ``assert:`` section may name."""
    return AssertVocabulary(frozenset(rule.meta.id for rule in all_rules()), CHANNEL_KINDS)


def assertions_for(
    assert_requested: bool, assertions_file: Path | None, config: Path | None, firm: str
) -> AssertConfig | None:
    """The assertions a command line asks for, read before any crawl so a mistake costs no scan.

    Args:
        assert_requested: ``--assert`` was given.
        assertions_file: ``--assertions FILE`` (implies ``--assert``).
        config: ``--config FIRM.yaml``, whose firm may carry an ``assert:`` section.
        firm: the name of the firm being scanned, to find it in ``config``.

    Returns:
        ``None`` when no assertion is asked for; else the firm's ``assert:`` section, the
        ``--assertions`` file, or ``supportcheck.yml`` in the working directory, in that order.

    Raises:
        UsageError: two sources given, or none found.
        ConfigError: a mistake in the file, with its line.
    """
    if not assert_requested and assertions_file is None:
        return None
    firm_section = None
    if config is not None:
        firm_section = next(
            (each.assertions for each in load_firms(config, vocabulary()) if each.name == firm), None
        )
    if firm_section is not None and assertions_file is not None:
        raise UsageError(f"firm {firm!r} in {config} has its own 'assert:' section; drop it or --assertions")
    if firm_section is not None:
        return firm_section
    path = assertions_file or DEFAULT_ASSERTIONS_FILE
    if assertions_file is None and not path.exists():
        raise UsageError(
            "--assert found no assertions: give --assertions FILE, create supportcheck.yml, "
            "or add an 'assert:' section to the firm in --config (see docs/config.md)"
        )
    return load_assertions(path, vocabulary())


def rule_levels(config: AssertConfig, fail_on: str) -> dict[str, Level]:
    """Each asserted rule's level: ``--fail-on`` as the preset, the section's ``rules:`` over it."""
    levels: dict[str, AssertLevel] = {}
    if fail_on != "none":
        threshold = Impact(fail_on).rank
        levels = {rule.meta.id: "error" for rule in all_rules() if rule.meta.impact.rank >= threshold}
    levels.update(config.rules)
    return {rule_id: level for rule_id, level in sorted(levels.items()) if level != "off"}


def evaluate(report: Report, config: AssertConfig, fail_on: str = "none") -> list[AssertionResult]:
    """Every assertion of ``config`` (with the ``fail_on`` preset) on ``report``, in a stable order."""
    results = list(_rule_results(report, rule_levels(config, fail_on)))
    by_tag = {locale.locale: locale for locale in report.locales}
    for name, budget in config.budgets():
        if budget.level == "off":
            continue
        for tag in [*by_tag, *(tag for tag in budget.locales if tag not in by_tag)]:
            value = budget.for_locale(tag)
            if value is None:
                continue
            locale = by_tag.get(tag)
            if locale is None:
                results.append(
                    AssertionResult(name, tag, budget.level, "unknown", _expected(name, value), "not scanned")
                )
                continue
            results.extend(_BUDGET_CHECKS[name](locale, value, budget.level))
    return results


def is_blocking(result: AssertionResult, config: AssertConfig) -> bool:
    """Whether ``result`` fails the run: a failed ``error``, or an undecided one under ``unknown: error``."""
    if result.level != "error":
        return False
    return result.status == "failed" or (result.status == "unknown" and config.unknown == "error")


def format_results(results: list[AssertionResult], config: AssertConfig) -> list[str]:
    """A summary line, then one line per failed or unknown assertion: errors, warnings, unknowns."""
    labelled = [(_label(result, config), result) for result in results if result.status != "passed"]
    counts = {label: sum(1 for each, _ in labelled if each == label) for label in LABELS}
    parts = [f"{count} {label}" for label, count in counts.items() if count]
    summary = "assertions: " + ", ".join([*parts, f"{len(results) - len(labelled)} passed"])
    shown = sorted(labelled, key=lambda item: LABELS.index(item[0]))
    return [summary, *(_line(label, result) for label, result in shown)]


def check_assertions(report: Report, config: AssertConfig, fail_on: str, out: TextIO | None = None) -> bool:
    """Evaluates and prints the assertions (to standard error); True when one fails the run."""
    results = evaluate(report, config, fail_on)
    for line in format_results(results, config):
        print(line, file=out or sys.stderr)
    return any(is_blocking(result, config) for result in results)


def _label(result: AssertionResult, config: AssertConfig) -> str:
    """``failed`` (fails the run), ``warning`` or ``unknown`` (listed first when it fails the run)."""
    if result.status == "unknown":
        return "unknown (failing)" if is_blocking(result, config) else "unknown"
    return "failed" if is_blocking(result, config) else "warning"


def _line(label: str, result: AssertionResult) -> str:
    where = f" [{result.locale}]" if result.locale else ""
    note = f" ({shorten(result.note, NOTE_WIDTH, placeholder=' ...')})" if result.note else ""
    return f"  {label:<17} {result.name}{where}: expected {result.expected}, actual {result.actual}{note}"


def _rule_results(report: Report, levels: dict[str, Level]) -> Iterator[AssertionResult]:
    findings = report.all_findings()
    for rule_id, level in levels.items():
        own = [finding for finding in findings if finding.rule == rule_id]
        if not own:
            yield AssertionResult(
                rule_id, None, level, "unknown", NO_FAIL, "no finding", "not in this report"
            )
        for finding in own:
            yield _rule_result(finding, level)


def _rule_result(finding: Finding, level: Level) -> AssertionResult:
    status: Status = "passed"
    if finding.outcome is Outcome.FAIL:
        status = "failed"
    elif finding.outcome in UNDECIDED:
        status = "unknown"
    note = finding.message if status != "passed" else ""
    return AssertionResult(finding.rule, finding.locale, level, status, NO_FAIL, finding.outcome.value, note)


def _expected(name: str, value: object) -> str:
    """What a budget asks for, as printed: ``>= 80``, ``<= 2``, ``phone, email found``."""
    if isinstance(value, tuple):
        return f"{', '.join(value)} found"
    return f"{'>=' if name.startswith('min_') else '<='} {value}"


def _blind_spot(locale: LocaleReport) -> str | None:
    """Why an absence in this locale proves nothing; None when the crawl saw all it looked for."""
    if locale.blind_spots is None:
        return "the report does not say what the crawl could not see"
    return locale.blind_spots[0] if locale.blind_spots else None


def _decided(
    name: str, locale: LocaleReport, level: Level, expected: str, actual: str, holds: bool, doubt: str | None
) -> AssertionResult:
    """Passed when ``holds``; unknown when it does not but ``doubt`` says why that proves nothing."""
    if holds:
        return AssertionResult(name, locale.locale, level, "passed", expected, actual)
    if doubt is not None:
        return AssertionResult(name, locale.locale, level, "unknown", expected, actual, doubt)
    return AssertionResult(name, locale.locale, level, "failed", expected, actual)


def _min_score(locale: LocaleReport, minimum: int, level: Level) -> list[AssertionResult]:
    """The locale's score; below the minimum proves nothing while undecided rules could lift it."""
    best = score(
        finding.model_copy(update={"outcome": Outcome.PASS}) if finding.outcome in UNDECIDED else finding
        for finding in locale.findings
    )
    actual = "none (nothing could be judged)" if locale.score is None else str(locale.score)
    doubt = None
    if best is None or best >= minimum:
        undecided = sum(finding.outcome in UNDECIDED for finding in locale.findings)
        doubt = f"{undecided} rule(s) undecided; with them passing the score would be {best}"
    holds = locale.score is not None and locale.score >= minimum
    return [_decided("min_score", locale, level, _expected("min_score", minimum), actual, holds, doubt)]


def _max_contact_depth(locale: LocaleReport, maximum: int, level: Level) -> list[AssertionResult]:
    """Clicks to the nearest human channel, as ``contact.depth`` measured it."""
    finding = next((finding for finding in locale.findings if finding.rule == DEPTH_RULE), None)
    expected = _expected(DEPTH_BUDGET, maximum)
    if finding is None or finding.outcome is Outcome.ERROR:
        reason = "not in this report" if finding is None else finding.message
        return [AssertionResult(DEPTH_BUDGET, locale.locale, level, "unknown", expected, "none", reason)]
    depth = finding.details.get("depth")
    actual = str(depth) if isinstance(depth, int) else "no human channel found"
    holds = isinstance(depth, int) and depth <= maximum
    return [_decided(DEPTH_BUDGET, locale, level, expected, actual, holds, _blind_spot(locale))]


def _min_human_channels(locale: LocaleReport, minimum: int, level: Level) -> list[AssertionResult]:
    """Kinds of channel reaching a person (phone, email, human chat, contact form), as in human.channel."""
    channels = locale.channels
    found = [
        kind
        for kind, present in (
            ("phone", bool(channels.phone)),
            ("email", bool(channels.email)),
            ("human chat", any(chat.human is True for chat in channels.chat)),
            ("contact form", bool(channels.contact_form)),
        )
        if present
    ]
    maybe_chat = "human chat" not in found and any(chat.human is None for chat in channels.chat)
    doubt = _blind_spot(locale)
    if maybe_chat and len(found) + 1 >= minimum:
        doubt = "a chat was found, and whether a person answers it cannot be told"
    actual = f"{len(found)} ({', '.join(found)})" if found else "0"
    return [
        _decided(
            "min_human_channels",
            locale,
            level,
            _expected("min_human_channels", minimum),
            actual,
            len(found) >= minimum,
            doubt,
        )
    ]


def _required_channels(locale: LocaleReport, kinds: tuple[str, ...], level: Level) -> list[AssertionResult]:
    """One result per required channel kind; "missing" only when the crawl saw all it looked for."""
    doubt = _blind_spot(locale)
    return [
        _decided(
            "required_channels",
            locale,
            level,
            _expected("required_channels", (kind,)),
            "found" if channel_found(locale.channels, kind) else ("not seen" if doubt else "missing"),
            channel_found(locale.channels, kind),
            doubt,
        )
        for kind in kinds
    ]


BudgetCheck = Callable[[LocaleReport, Any, Level], list[AssertionResult]]
_BUDGET_CHECKS: dict[str, BudgetCheck] = {
    "min_score": _min_score,
    DEPTH_BUDGET: _max_contact_depth,
    "min_human_channels": _min_human_channels,
    "required_channels": _required_channels,
}


def add_assert_options(parser: argparse.ArgumentParser) -> None:
    """``--assert`` and ``--assertions FILE``, for the commands that judge (``scan``, ``rejudge``)."""
    parser.add_argument(
        "--assert",
        action="store_true",
        dest="assert_requested",
        help="check the assertions (the firm's 'assert:' in --config, --assertions FILE or "
        "./supportcheck.yml): exit 2 when one at level 'error' fails; --fail-on becomes their preset",
    )
    parser.add_argument(
        "--assertions",
        type=Path,
        metavar="FILE",
        help="a supportcheck.yml whose 'assert:' section to check (implies --assert)",
    )
