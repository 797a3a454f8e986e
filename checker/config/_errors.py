"""The one error a configuration file can raise: a single line naming file, line and field."""

from __future__ import annotations

from pathlib import Path


class ConfigError(ValueError):
    """A mistake in a firm configuration file, located so the user can go straight to it.

    The message reads ``firms.yaml:12: firms[1].locales[0]: unknown locale 'xx-YY' (...)``;
    syntax errors add the column (``firms.yaml:4:9: ...``). The parts stay available as attributes
    for callers that present errors their own way (an editor, the dashboard).
    """

    def __init__(self, source: Path, line: int, field: str, problem: str, column: int | None = None) -> None:
        self.source = source
        self.line = line
        self.column = column
        self.field = field
        self.problem = " ".join(problem.split())  # one line, whatever the problem text held
        where = f"{source}:{line}" + (f":{column}" if column is not None else "")
        super().__init__(f"{where}: {field}: {self.problem}" if field else f"{where}: {self.problem}")
