"""What a rule is and what it returns: metadata in the manner of axe-core, findings with evidence.

Outcomes follow axe-core (``pass``, ``fail``, ``needs_review``, ``not_applicable``) plus
Lighthouse's ``error`` for a rule that could not run. Impacts carry a written meaning and the
weight used in scores (the 1/3/7/10 axe weights that Lighthouse uses).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from rules.context import LocaleContext, ScanContext


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NEEDS_REVIEW = "needs_review"
    NOT_APPLICABLE = "not_applicable"
    ERROR = "error"


class Impact(StrEnum):
    """How badly a failure hurts a customer who needs help."""

    MINOR = "minor"  # an inconvenience; help is still reachable
    MODERATE = "moderate"  # help takes noticeably more effort to reach
    SERIOUS = "serious"  # many customers will fail to reach help
    CRITICAL = "critical"  # customers cannot reach a person at all

    @property
    def weight(self) -> int:
        return IMPACT_WEIGHTS[self]

    @property
    def rank(self) -> int:
        return list(Impact).index(self)


IMPACT_WEIGHTS: dict[Impact, int] = {
    Impact.MINOR: 1,
    Impact.MODERATE: 3,
    Impact.SERIOUS: 7,
    Impact.CRITICAL: 10,
}


class Evidence(BaseModel):
    """Where a finding can be checked by a person: page, element, text and screenshot."""

    url: str
    selector: str = ""
    snippet: str = ""
    screenshot: str | None = None


class Finding(BaseModel):
    """One rule's verdict for one locale (or across locales)."""

    rule: str
    outcome: Outcome
    impact: Impact
    message: str
    evidence: list[Evidence] = Field(default_factory=list)
    locale: str | None = None
    details: dict[str, object] = Field(default_factory=dict, description="rule-specific facts")


RuleScope = Literal["locale", "scan"]
"""``locale`` rules judge one locale alone; ``scan`` rules compare locales (region locks, parity)
and give one verdict per locale, reported in the report's top-level ``findings``."""


@dataclass(frozen=True)
class RuleMeta:
    """A rule's public description; ``id`` is a public contract and never changes."""

    id: str
    title: str
    failure_title: str
    description: str
    impact: Impact
    tags: tuple[str, ...]
    help: str
    references: tuple[str, ...] = ()
    scope: RuleScope = "locale"


@dataclass(frozen=True)
class Verdict:
    """What a rule function returns; the engine turns it into a :class:`Finding`."""

    outcome: Outcome
    message: str
    evidence: tuple[Evidence, ...] = ()
    details: dict[str, object] = field(default_factory=dict)


RuleFunction = Callable[["LocaleContext"], Verdict]
ScanRuleFunction = Callable[["ScanContext"], "dict[str, Verdict]"]
"""A scan-scope rule: every locale of the scan in, a verdict per locale tag out."""


@dataclass(frozen=True)
class Rule:
    meta: RuleMeta
    check: Callable[[Any], Any]  # a RuleFunction or a ScanRuleFunction, as meta.scope says
