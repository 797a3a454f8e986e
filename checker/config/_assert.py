"""The ``assert:`` section: what a CI run demands of a report, in Lighthouse CI's manner.

Each assertion has a level, ``off``, ``warn`` or ``error`` (Lighthouse CI's levels): ``warn`` is
printed, ``error`` also fails the run. Rules get a level each; budgets (a minimum score, a
maximum contact depth, a number of human channels, channels that must exist) hold a value for
every locale and/or per locale. This module only validates what the file says; what a report
makes of it is decided in ``supportcheck.assertions``, above the rules.

Rule ids and channel kinds belong to layers above this package, so the caller hands them in as
an :class:`AssertVocabulary` in the validation context; without one only their form is checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from checker.config._explain import unknown_name
from checker.config._fields import LocaleTag, custom_error, located_error

VOCABULARY_KEY = "assert_vocabulary"
RULE_ID_FORM = re.compile(r"[a-z][a-z0-9-]*(\.[a-z0-9-]+)+")

AssertLevel = Literal["off", "warn", "error"]


def _yaml_off(value: Any) -> Any:
    """YAML 1.1 reads a bare ``off`` as false; the person wrote the level ``off``."""
    return "off" if value is False else value


Level = Annotated[AssertLevel, BeforeValidator(_yaml_off)]
Score = Annotated[int, Field(ge=0, le=100)]
Depth = Annotated[int, Field(ge=0)]
Count = Annotated[int, Field(ge=1)]
ChannelList = Annotated[tuple[str, ...], Field(min_length=1)]

ValueT = TypeVar("ValueT")


@dataclass(frozen=True)
class AssertVocabulary:
    """The names an ``assert:`` section may use: the registered rule ids and the channel kinds."""

    rule_ids: frozenset[str]
    channel_kinds: tuple[str, ...]


class Budget(BaseModel, Generic[ValueT]):
    """One budget: its level, a value for every locale and/or values per locale (which win).

    ``min_score: 80`` is short for ``min_score: {value: 80}``, at level ``error``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    level: Level = "error"
    value: ValueT | None = None
    locales: dict[LocaleTag, ValueT] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        return data if isinstance(data, dict) else {"value": data}

    @model_validator(mode="after")
    def _says_something(self) -> Budget[ValueT]:
        if self.value is None and not self.locales:
            raise custom_error("empty_budget", "give a 'value' for every locale, or 'locales'")
        return self

    def for_locale(self, tag: str) -> ValueT | None:
        """The value this budget sets for locale ``tag``; ``None`` when it sets none."""
        return self.locales.get(tag, self.value)


BUDGET_NAMES = ("min_score", "max_contact_depth", "min_human_channels", "required_channels")


class AssertConfig(BaseModel):
    """What ``supportcheck scan --assert`` checks in a report (see docs/config.md, "Assertions")."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    unknown: Literal["warn", "error"] = Field(
        "warn", description="the level of an assertion the report cannot decide (a locale not seen)"
    )
    rules: dict[str, Level] = Field(default_factory=dict, description="rule id → level")
    min_score: Budget[Score] | None = None
    max_contact_depth: Budget[Depth] | None = None
    min_human_channels: Budget[Count] | None = None
    required_channels: Budget[ChannelList] | None = None

    @field_validator("rules")
    @classmethod
    def _known_rules(cls, rules: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        vocabulary = _vocabulary(info)
        for rule_id in rules:
            if vocabulary is not None and rule_id not in vocabulary.rule_ids:
                raise located_error(
                    (rule_id,), "unknown_rule", unknown_name("rule", rule_id, sorted(vocabulary.rule_ids))
                )
            if not RULE_ID_FORM.fullmatch(rule_id):
                raise located_error(
                    (rule_id,), "rule_id", f"{rule_id!r} is not a rule id like 'human.channel'"
                )
        return rules

    @field_validator("required_channels")
    @classmethod
    def _known_channels(cls, budget: Budget[tuple[str, ...]] | None, info: ValidationInfo) -> Any:
        vocabulary = _vocabulary(info)
        if budget is None or vocabulary is None:
            return budget
        wanted = [(("value",), budget.value)] + [
            (("locales", tag), kinds) for tag, kinds in budget.locales.items()
        ]
        for where, kinds in wanted:
            for index, kind in enumerate(kinds or ()):
                if kind not in vocabulary.channel_kinds:
                    message = unknown_name("channel kind", kind, vocabulary.channel_kinds)
                    raise located_error((*where, index), "unknown_channel", message)
        return budget

    def budgets(self) -> Iterator[tuple[str, Budget[Any]]]:
        """The budgets the section sets, by name, in the documented order."""
        for name in BUDGET_NAMES:
            budget = getattr(self, name)
            if budget is not None:
                yield name, budget

    def budget_locales(self) -> Iterator[tuple[str, str]]:
        """Every ``(budget name, locale tag)`` a budget names, so a firm can check it scans them."""
        for name, budget in self.budgets():
            for tag in budget.locales:
                yield name, tag


def _vocabulary(info: ValidationInfo) -> AssertVocabulary | None:
    context = info.context if isinstance(info.context, dict) else {}
    vocabulary = context.get(VOCABULARY_KEY)
    return vocabulary if isinstance(vocabulary, AssertVocabulary) else None
