"""The CI recipes in docs/ci/ run commands that exist, with flags that exist, and publish the files
those commands write: each ``supportcheck ...`` line is parsed by the real argument parser, so a
renamed flag or format breaks this test, not a user's pipeline."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from supportcheck.cli import build_parser
from supportcheck.report.outputs import report_targets

DOCS = Path(__file__).resolve().parents[1] / "docs"
RECIPES = {"github-actions.yml": ("run",), "gitlab-ci.yml": ("script", "before_script")}
CI_EXPRESSION = re.compile(r"\$\{\{[^}]*\}\}|\$\{?[A-Z_][A-Z0-9_]*\}?")


def _shell_texts(node: Any, keys: tuple[str, ...]) -> Iterator[str]:
    """Every shell script under one of ``keys`` anywhere in the YAML tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in keys:
                yield from (
                    [value] if isinstance(value, str) else [item for item in value if isinstance(item, str)]
                )
            else:
                yield from _shell_texts(value, keys)
    elif isinstance(node, list):
        for item in node:
            yield from _shell_texts(item, keys)


def _supportcheck_commands(recipe: str) -> list[list[str]]:
    document = yaml.safe_load((DOCS / "ci" / recipe).read_text(encoding="utf-8"))
    commands = []
    for script in _shell_texts(document, RECIPES[recipe]):
        for line in script.replace("\\\n", " ").splitlines():
            words = shlex.split(CI_EXPRESSION.sub("PLACEHOLDER", line), comments=True)
            if words[:1] == ["supportcheck"]:
                commands.append(words[1:])
    return commands


def _published_paths(recipe: str) -> set[str]:
    """Paths the recipe hands to code scanning, test reports and artifacts."""
    text = (DOCS / "ci" / recipe).read_text(encoding="utf-8")
    return set(re.findall(r"(supportcheck-report/[\w.]+)", text))


@pytest.mark.parametrize("recipe", sorted(RECIPES))
def test_every_supportcheck_command_parses_with_the_real_parser(recipe: str) -> None:
    commands = _supportcheck_commands(recipe)
    assert {words[0] for words in commands} >= {"doctor", "scan", "upload"}, commands
    written: set[str] = set()
    for words in commands:
        try:
            args = build_parser().parse_args(words)
        except SystemExit as error:
            raise AssertionError(f"{recipe}: 'supportcheck {shlex.join(words)}' does not parse") from error
        if args.command == "scan":
            assert args.assert_requested and args.config is not None
            targets = report_targets(args.format, args.output, args.output_dir)
            assert {target.fmt for target in targets} == {"json", "html", "sarif", "junit"}
            written |= {str(target.output) for target in targets if target.output is not None}
        if args.command == "upload":
            assert args.token_env == "SUPPORTCHECK_TOKEN" and str(args.report) in written
    assert _published_paths(recipe) <= written, "the recipe publishes a file the scan does not write"


def test_the_guide_quotes_both_recipes_whole() -> None:
    guide = (DOCS / "ci.md").read_text(encoding="utf-8")
    for recipe in RECIPES:
        assert (DOCS / "ci" / recipe).read_text(encoding="utf-8") in guide, recipe
