"""Runs rules over a locale's context and scores the results.

A rule that raises yields an ``error`` finding for that rule only, as Lighthouse does for an
audit whose artifact is missing; the other rules still run.
"""

from __future__ import annotations

from collections.abc import Iterable

from rules.context import LocaleContext
from rules.model import Finding, Outcome, Rule
from rules.registry import all_rules


def run_rule(rule: Rule, context: LocaleContext) -> Finding:
    """One rule's finding for one locale; exceptions become an ``error`` finding."""
    try:
        verdict = rule.check(context)
        return Finding(
            rule=rule.meta.id,
            outcome=verdict.outcome,
            impact=rule.meta.impact,
            message=verdict.message,
            evidence=list(verdict.evidence),
            locale=context.locale,
            details=dict(verdict.details),
        )
    except Exception as error:  # noqa: BLE001 - one broken rule (or its garbage) must not stop the others
        return Finding(
            rule=rule.meta.id,
            outcome=Outcome.ERROR,
            impact=rule.meta.impact,
            message=f"The rule could not run: {type(error).__name__}: {str(error)[:300]}",
            locale=context.locale,
        )


def judge_locale(context: LocaleContext, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Every rule's finding for one locale, in rule-id order."""
    return [run_rule(rule, context) for rule in (all_rules() if rules is None else rules)]


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
