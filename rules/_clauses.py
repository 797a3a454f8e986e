"""Tags and references of the accessibility rules, read from ``rules/accessibility_clauses.json``.

The clause mapping lives in that one data file so a wrong clause is corrected in one place.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

CLAUSES_PATH = Path(__file__).resolve().parent / "accessibility_clauses.json"
_STANDARDS = (
    ("wcag22", "WCAG 2.2 SC {key} {title}"),
    ("en301549", "EN 301 549 V3.2.1, clause {key} {title}"),
    ("eu-eaa", "European Accessibility Act (EU) 2019/882, {title}"),
    ("national", "{title}"),
)


@cache
def _clauses() -> dict[str, Any]:
    table: dict[str, Any] = json.loads(CLAUSES_PATH.read_text(encoding="utf-8"))
    return table


def clause_tags(rule_id: str) -> tuple[str, ...]:
    """``wcag22:1.3.1``, ``en301549:9.4.1.2``, ``eu-eaa:annex1-III-d`` … for one rule."""
    entry = _clauses()[rule_id]
    return tuple(
        key if standard == "national" else f"{standard}:{key}"
        for standard, _ in _STANDARDS
        for key in entry.get(standard, {})
    )


def clause_references(rule_id: str) -> tuple[str, ...]:
    """Readable references for one rule, in the order WCAG, EN 301 549, EAA, national law."""
    entry = _clauses()[rule_id]
    return tuple(
        template.format(key=key, title=title)
        for standard, template in _STANDARDS
        for key, title in entry.get(standard, {}).items()
    )
