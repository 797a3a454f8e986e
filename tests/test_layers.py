"""The packages are layers and imports run one way: supportcheck → server → rules → checker.

An AST walk over every module (imports inside functions included) fails when a package imports
one above it, so the gathering side never grows a dependency on judging, serving or the CLI.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("checker", "rules", "server", "supportcheck")  # bottom first


def imported_packages(source: str) -> list[tuple[int, str]]:
    """(line, top-level package) of every absolute import in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name.split(".")[0]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


def upward_imports(package: str) -> list[str]:
    """``path:line imports X`` for each import of ``package``'s modules that reaches a higher layer."""
    rank = LAYERS.index(package)
    higher = set(LAYERS[rank + 1 :])
    problems = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for line, imported in imported_packages(path.read_text(encoding="utf-8")):
            if imported in higher:
                problems.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    return problems


@pytest.mark.parametrize("package", LAYERS[:-1])
def test_no_package_imports_a_layer_above_it(package: str) -> None:
    assert upward_imports(package) == []


def test_the_walk_sees_imports_inside_functions() -> None:
    source = "import json\n\ndef late():\n    from server.store import db\n    import rules.engine\n"
    assert imported_packages(source) == [(1, "json"), (4, "server"), (5, "rules")]


def test_relative_imports_stay_inside_their_package() -> None:
    assert imported_packages("from . import sibling\nfrom .child import name\n") == []
