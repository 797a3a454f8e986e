"""The JSON report writer and the one entry point that picks a writer by format name.

``write_report`` is what the CLI calls, so choosing a format, where it goes and how an unknown
format is refused are decided in one place rather than in each command.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from rules.report.model import Report
from supportcheck.report.junit import render_junit
from supportcheck.report.sarif import render_sarif
from supportcheck.report.table import render_table

__all__ = ["FORMATS", "UnknownFormatError", "render_json", "write_report"]

FORMATS: tuple[str, ...] = ("table", "json", "html", "junit", "sarif")


class UnknownFormatError(ValueError):
    """A report format was asked for that no writer produces."""


def render_json(report: Report) -> str:
    """The report as ``supportcheck.report/v1`` JSON, for symmetry with the other writers."""
    return report.to_json()


def _render_html(report: Report, scan_dir: Path | None) -> str:
    # Imported here: Jinja costs ~14 ms of start-up that scans reported in other formats need not pay.
    from supportcheck.report.html import render_html

    return render_html(report, scan_dir)


def _text_writers(scan_dir: Path | None) -> dict[str, Callable[[Report], str]]:
    return {
        "json": render_json,
        "html": lambda report: _render_html(report, scan_dir),
        "junit": render_junit,
        "sarif": render_sarif,
    }


def write_report(report: Report, fmt: str, output: Path | None, scan_dir: Path | None) -> Path | None:
    """Writes the report in ``fmt`` to ``output``, or to standard output when ``output`` is ``None``.

    Args:
        report: the scan's report.
        fmt: one of :data:`FORMATS`.
        output: the file to write; its parent folders are created. ``None`` prints instead (the
            table to a terminal-aware console, other formats as text).
        scan_dir: the scan folder, for the screenshots the HTML report embeds.

    Returns:
        The path written, or ``None`` when the report went to standard output.

    Raises:
        UnknownFormatError: ``fmt`` is not one of :data:`FORMATS`.
    """
    if fmt not in FORMATS:
        raise UnknownFormatError(f"unknown report format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "table":
        if output is None:
            render_table(report, Console())
            return None
        with output.open("w", encoding="utf-8") as table_file:
            render_table(report, Console(file=table_file, no_color=True, width=160))
        return output
    text = _text_writers(scan_dir)[fmt](report)
    if output is None:
        sys.stdout.write(text)
        return None
    output.write_text(text, encoding="utf-8")
    return output
