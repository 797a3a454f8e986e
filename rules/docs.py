"""Documentation generated from rule metadata: ``docs/rules.md`` and the ``rules`` listing."""

from __future__ import annotations

from rich.table import Table

from checker import PROJECT_URL
from rules.catalog import RULESET_VERSION
from rules.model import IMPACT_WEIGHTS
from rules.registry import all_rules

HEADER = """# supportcheck rules

Generated from the rule metadata by `make docs` (`supportcheck rules --markdown`); a test fails
when this file is out of date. Rule set version {version}.

Outcomes: `pass`, `fail`, `needs_review` (the tool could not see enough to accuse; a person
should look), `not_applicable`, `error` (the rule could not run). Impacts and their score
weights: {weights}.
"""


SCOPES = {
    "locale": "each locale alone (findings in `locales[].findings`)",
    "scan": "compares the scanned locales (one finding per locale in the top-level `findings`)",
}


RULES_DOC_URL = f"{PROJECT_URL}/blob/main/docs/rules.md"
"""Where docs/rules.md is published; reports that link a rule's help (SARIF) point into it."""


def rule_anchor(rule_id: str) -> str:
    """The fragment of a rule's section in docs/rules.md.

    Each section carries an explicit ``<a id>`` named after the rule id rather than relying on
    the heading's slug, so a link stays valid when a rule's title is reworded: ids never change.
    """
    return rule_id


def rule_doc_url(rule_id: str) -> str:
    """The absolute URL of a rule's section in the published docs/rules.md."""
    return f"{RULES_DOC_URL}#{rule_anchor(rule_id)}"


def rules_markdown() -> str:
    weights = ", ".join(f"{impact.value} {weight}" for impact, weight in IMPACT_WEIGHTS.items())
    sections = [HEADER.format(version=RULESET_VERSION, weights=weights)]
    for rule in all_rules():
        meta = rule.meta
        references = "\n".join(f"- {reference}" for reference in meta.references) or "- none"
        sections.append(
            f'<a id="{rule_anchor(meta.id)}"></a>\n\n'
            f"## `{meta.id}`: {meta.title}\n\n"
            f"- Impact: **{meta.impact.value}**\n"
            f"- Tags: {', '.join(f'`{tag}`' for tag in meta.tags)}\n"
            f"- Scope: {SCOPES[meta.scope]}\n"
            f"- When it fails: {meta.failure_title}\n\n"
            f"### What it checks and why\n\n{meta.description}\n\n"
            f"### References\n\n{references}\n\n"
            f"### How to fix\n\n{meta.help}\n"
        )
    return "\n".join(sections)


def rules_table() -> Table:
    table = Table(title=f"supportcheck rules ({RULESET_VERSION})")
    for column in ("id", "impact", "title", "tags"):
        table.add_column(column)
    for rule in all_rules():
        table.add_row(rule.meta.id, rule.meta.impact.value, rule.meta.title, ", ".join(rule.meta.tags))
    return table
