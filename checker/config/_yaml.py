"""Reads a YAML file with ``yaml.SafeLoader`` and keeps its node tree, so errors can name lines.

PyYAML's constructed data forgets where each value came from, and silently keeps the last of two
equal keys. Composing first keeps ``start_mark`` on every node; the tree is checked for duplicate
keys before it is constructed, and later maps a validation error's location back to a line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from checker.config._errors import ConfigError

Location = Sequence[str | int]
DICT_KEY_MARK = "[key]"  # pydantic's location part for a dict key that failed, not a key in the file
MERGE_KEY = "<<"


@dataclass(frozen=True)
class YamlDocument:
    """One parsed file: its data, and the nodes the data was built from."""

    source: Path
    root: yaml.Node
    data: Any

    def locate(self, location: Location, aliases: Mapping[str, str] | None = None) -> tuple[int, str]:
        """The 1-based line of the deepest node on ``location``, and the location as a field path.

        A key missing from a mapping leaves the line at that mapping, which is where a missing
        field belongs. ``aliases`` names keys the file may spell another way (``url`` for
        ``entry_urls``); the path then ends at the spelling the user wrote, since the rest of the
        location describes the value the alias was rewritten to.

        Args:
            location: keys and list indices from the root, as in a pydantic error's ``loc``.
            aliases: a field name → the key that may stand for it in the file.
        """
        node: yaml.Node | None = self.root
        line = self.root.start_mark.line + 1
        path = ""
        for part in location:
            if part == DICT_KEY_MARK:
                continue
            child = _child(node, part) if node is not None else None
            alias = (aliases or {}).get(str(part))
            if child is None and node is not None and alias is not None:
                aliased = _child(node, alias)
                if aliased is not None:
                    return aliased[0], join_path(path, alias)
            path = join_path(path, part)
            node = child[1] if child is not None else None
            if child is not None:
                line = child[0]
        return line, path


def join_path(path: str, part: str | int) -> str:
    """``firms`` + ``0`` → ``firms[0]``; ``firms[0]`` + ``name`` → ``firms[0].name``."""
    if isinstance(part, int):
        return f"{path}[{part}]"
    return f"{path}.{part}" if path else part


def read_yaml(source: Path) -> YamlDocument | None:
    """Parses ``source``; ``None`` when it holds no document (empty, or only comments).

    Raises:
        ConfigError: on a syntax error, text that is not UTF-8, or a key given twice in a mapping.
        OSError: when the file cannot be read.
    """
    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        raise ConfigError(source, line, "", "the file is not UTF-8 text") from error
    try:
        return _compose(source, text)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(source, error) from error
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        raise ConfigError(
            source, line, "", f"character U+{error.character:04X} is not allowed in YAML"
        ) from error


def _compose(source: Path, text: str) -> YamlDocument | None:
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        _reject_duplicate_keys(source, root, "")
        return YamlDocument(source, root, loader.construct_document(root))
    finally:
        loader.dispose()


def _child(node: yaml.Node, part: str | int) -> tuple[int, yaml.Node] | None:
    """The node under ``part`` and the line that names it: a key's own line, an item's start."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                return key_node.start_mark.line + 1, value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        item: yaml.Node = node.value[part]
        return item.start_mark.line + 1, item
    return None


def _reject_duplicate_keys(source: Path, node: yaml.Node, path: str) -> None:
    """Walks the composed tree, since once constructed the first of two equal keys is gone."""
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _reject_duplicate_keys(source, item, join_path(path, index))
    if not isinstance(node, yaml.MappingNode):
        return
    first_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.value == MERGE_KEY:
            continue
        key, line = key_node.value, key_node.start_mark.line + 1
        if key in first_lines:
            raise ConfigError(
                source,
                line,
                join_path(path, key),
                f"duplicate key {key!r} (first on line {first_lines[key]})",
            )
        first_lines[key] = line
        _reject_duplicate_keys(source, value_node, join_path(path, key))


def _syntax_error(source: Path, error: yaml.MarkedYAMLError) -> ConfigError:
    """PyYAML's context then problem, as its own message orders them, on one line."""
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "invalid YAML"
    if error.context and error.problem and error.context_mark is not None:
        problem = f"{error.context} that starts on line {error.context_mark.line + 1}, {problem}"
    if mark is None:
        return ConfigError(source, 1, "", problem)
    return ConfigError(source, mark.line + 1, "", problem, column=mark.column + 1)
