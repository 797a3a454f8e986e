"""Runs rules over a locale's context and scores the results.

A rule that raises yields an ``error`` finding for that rule only, as Lighthouse does for an
audit whose artifact is missing; the other rules still run.
"""

from __future__ import annotations

from collections.abc import Iterable

from rules.context import LocaleContext, ScanContext
from rules.model import Finding, Outcome, Rule, Verdict
from rules.registry import all_rules


def _finding(rule: Rule, verdict: Verdict, locale: str | None) -> Finding:
    return Finding(
        rule=rule.meta.id,
        outcome=verdict.outcome,
        impact=rule.meta.impact,
        message=verdict.message,
        evidence=list(verdict.evidence),
        locale=locale,
        details=dict(verdict.details),
    )


def _error_finding(rule: Rule, error: Exception, locale: str | None) -> Finding:
    return Finding(
        rule=rule.meta.id,
        outcome=Outcome.ERROR,
        impact=rule.meta.impact,
        message=f"The rule could not run: {type(error).__name__}: {str(error)[:300]}",
        locale=locale,
    )


def run_rule(rule: Rule, context: LocaleContext) -> Finding:
    """One locale rule's finding for one locale; exceptions become an ``error`` finding."""
    try:
        return _finding(rule, rule.check(context), context.locale)
    except Exception as error:  # noqa: BLE001 - one broken rule (or its garbage) must not stop the others
        return _error_finding(rule, error, context.locale)


def run_scan_rule(rule: Rule, context: ScanContext) -> list[Finding]:
    """One scan rule's findings, one per locale in scan order; a crash is one ``error`` finding."""
    try:
        verdicts = rule.check(context)
        return [
            _finding(rule, verdicts[locale.locale], locale.locale)
            for locale in context.locales
            if locale.locale in verdicts
        ]
    except Exception as error:  # noqa: BLE001 - as in run_rule
        return [_error_finding(rule, error, None)]


def judge_locale(context: LocaleContext, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Every locale rule's finding for one locale, in rule-id order."""
    chosen = all_rules("locale") if rules is None else [r for r in rules if r.meta.scope == "locale"]
    return [run_rule(rule, context) for rule in chosen]


def judge_scan(context: ScanContext, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Every scan rule's findings (the report's cross-locale ``findings``), in rule-id order."""
    chosen = all_rules("scan") if rules is None else [r for r in rules if r.meta.scope == "scan"]
    return [finding for rule in chosen for finding in run_scan_rule(rule, context)]


def score(findings: Iterable[Finding]) -> int | None:
    """Impact-weighted share of passing rules, 0-100, as Lighthouse scores axe results.

    Only ``pass`` and ``fail`` count; ``needs_review``, ``not_applicable`` and ``error`` are left
    out (Lighthouse leaves manual and not-applicable audits out the same way). ``None`` when no
    finding counts, so "nothing could be judged" is never shown as 0 or 100.
    """
    passed = failed = 0
    for finding in findings:
        if finding.outcome is Outcome.PASS:
            passed += finding.impact.weight
        elif finding.outcome is Outcome.FAIL:
            failed += finding.impact.weight
    if passed + failed == 0:
        return None
    return round(100 * passed / (passed + failed))
