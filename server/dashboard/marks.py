"""How rule outcomes read on every page: the key-rule columns and the pass/fail marks.

The overview, the compare page and the CSV export must say the same thing about a firm, so the
choice of key rules and the word and symbol for each outcome live here once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from rules.model import RuleMeta
from rules.registry import all_rules
from rules.report.access import ACCESS_RULE_PREFIXES
from server.store.queries import OUTCOME_SEVERITY


@dataclass(frozen=True)
class Mark:
    """An outcome as shown: a symbol a reader scans, a word a reader (and a screen reader) reads."""

    outcome: str
    symbol: str
    word: str

    @property
    def css_class(self) -> str:
        return f"mark mark-{self.outcome}"


MARKS: dict[str, Mark] = {
    "pass": Mark("pass", "✓", "pass"),
    "fail": Mark("fail", "✗", "fail"),
    "needs_review": Mark("needs_review", "?", "review"),
    "error": Mark("error", "!", "error"),
    "not_applicable": Mark("not_applicable", "–", "n/a"),
}
NOT_JUDGED = Mark("none", "·", "not judged")


def mark(outcome: str | None) -> Mark:
    return MARKS.get(outcome or "", NOT_JUDGED)


def worst_outcome(outcomes: Iterable[str]) -> str | None:
    """The most serious outcome among ``outcomes`` (fail before error before review…), None if empty."""
    ranked = [outcome for outcome in outcomes if outcome in OUTCOME_SEVERITY]
    return min(ranked, key=OUTCOME_SEVERITY.index) if ranked else None


@dataclass(frozen=True)
class KeyColumn:
    """An overview column: one rule, or the worst of a family of rules (the region locks)."""

    title: str
    rule_ids: tuple[str, ...]

    def outcome(self, outcomes: Mapping[str, str]) -> str | None:
        return worst_outcome(outcomes[rule_id] for rule_id in self.rule_ids if rule_id in outcomes)


@cache
def rule_metadata() -> dict[str, RuleMeta]:
    return {rule.meta.id: rule.meta for rule in all_rules()}


@cache
def key_columns() -> tuple[KeyColumn, ...]:
    """The rules a reader checks first, in the order a customer in need would meet them."""
    region_rules = tuple(rule_id for rule_id in rule_metadata() if rule_id.startswith("region."))
    access_rules = tuple(rule_id for rule_id in rule_metadata() if rule_id.startswith(ACCESS_RULE_PREFIXES))
    return (
        KeyColumn("Human channel", ("human.channel",)),
        KeyColumn("Bot only", ("human.bot-only",)),
        KeyColumn("Callback", ("callback.offered",)),
        KeyColumn("Contact depth", ("contact.depth",)),
        KeyColumn("Region locks", region_rules),
        KeyColumn("Accessible support", access_rules),
    )
