"""docs/rules.md is generated from the rule metadata and must not drift from it."""

from __future__ import annotations

from pathlib import Path

from rules.docs import rules_markdown
from rules.registry import all_rules

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_rules_doc_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == rules_markdown(), "docs/rules.md is stale: run `make docs`"


def test_every_rule_has_complete_metadata_and_a_section() -> None:
    text = rules_markdown()
    for rule in all_rules():
        meta = rule.meta
        assert all([meta.title, meta.failure_title, meta.description, meta.help, meta.tags]), meta.id
        assert f"## `{meta.id}`" in text
