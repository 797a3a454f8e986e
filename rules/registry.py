"""The rule registry: rule modules register pure functions with their metadata here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rules.model import Impact, Rule, RuleMeta, RuleScope

CheckT = TypeVar("CheckT", bound=Callable[..., object])

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
    scope: RuleScope = "locale",
) -> Callable[[CheckT], CheckT]:
    """Registers the decorated function as the check of a rule with this metadata.

    A ``locale`` rule's function takes a :class:`~rules.context.LocaleContext` and returns a
    :class:`~rules.model.Verdict`; a ``scan`` rule's takes a :class:`~rules.context.ScanContext`
    and returns a verdict per locale tag.
    """
    meta = RuleMeta(
        id=id,
        title=title,
        failure_title=failure_title,
        description=description,
        impact=impact,
        tags=tags,
        help=help,
        references=references,
        scope=scope,
    )

    def register(check: CheckT) -> CheckT:
        if id in _RULES:
            raise ValueError(f"rule id {id!r} is registered twice")
        _RULES[id] = Rule(meta=meta, check=check)
        return check

    return register


def all_rules(scope: RuleScope | None = None) -> list[Rule]:
    """Every registered rule (of one scope, if given) in id order; :mod:`rules.catalog` fills the registry."""
    import rules.catalog  # noqa: F401 - imported for its registrations

    registered = [_RULES[rule_id] for rule_id in sorted(_RULES)]
    return registered if scope is None else [rule for rule in registered if rule.meta.scope == scope]
