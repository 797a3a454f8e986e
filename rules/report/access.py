"""The "Accessible support" view of a report: the a11y.* and access.* findings and one mark for them.

The terminal and HTML reports and the dashboard show the same section and mark, so they are
computed here once, from the judged findings.
"""

from __future__ import annotations

from collections.abc import Iterable

from rules.model import Finding, Outcome

ACCESS_RULE_PREFIXES = ("a11y.", "access.")
_MARK_ORDER = (Outcome.ERROR, Outcome.FAIL, Outcome.NEEDS_REVIEW, Outcome.PASS)


def access_findings(findings: Iterable[Finding]) -> list[Finding]:
    """The findings of the accessibility rules, in rule order."""
    chosen = [finding for finding in findings if finding.rule.startswith(ACCESS_RULE_PREFIXES)]
    return sorted(chosen, key=lambda finding: (finding.rule, finding.locale or ""))


def access_mark(findings: Iterable[Finding]) -> str:
    """One word for the section: the worst outcome among ``fail``, ``needs_review`` and ``pass``
    (``error`` first, since it means a rule could not run), or ``not_applicable``."""
    outcomes = {finding.outcome for finding in access_findings(findings)}
    worst = next((outcome for outcome in _MARK_ORDER if outcome in outcomes), Outcome.NOT_APPLICABLE)
    return worst.value
