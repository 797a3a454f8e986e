"""The rule registry: rule modules register pure functions with their metadata here."""

from __future__ import annotations

from collections.abc import Callable

from rules.model import Impact, Rule, RuleFunction, RuleMeta

_RULES: dict[str, Rule] = {}


def rule(
    *,
    id: str,
    title: str,
    failure_title: str,
    description: str,
    impact: Impact,
    tags: tuple[str, ...],
    help: str,
    references: tuple[str, ...] = (),
) -> Callable[[RuleFunction], RuleFunction]:
    """Registers the decorated function as the check of a rule with this metadata."""
    meta = RuleMeta(
        id=id,
        title=title,
        failure_title=failure_title,
        description=description,
        impact=impact,
        tags=tags,
        help=help,
        references=references,
    )

    def register(check: RuleFunction) -> RuleFunction:
        if id in _RULES:
            raise ValueError(f"rule id {id!r} is registered twice")
        _RULES[id] = Rule(meta=meta, check=check)
        return check

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, in id order; importing :mod:`rules.catalog` fills the registry."""
    import rules.catalog  # noqa: F401 - imported for its registrations

    return [_RULES[rule_id] for rule_id in sorted(_RULES)]
