"""Which report files one command writes: the ``--format`` list, ``--output`` or ``--output-dir``.

A CI job wants JSON for the record, SARIF for code scanning, JUnit for the test tab and HTML for
people, from one scan. The formats and where each goes are settled here before any scan starts,
so a mistake in them costs nothing, and every writer then runs once on the same report.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from rules.report.model import Report
from supportcheck.report.json_writer import FORMATS, UnknownFormatError, write_report

__all__ = [
    "FILE_NAMES",
    "ReportTarget",
    "ReportTargetError",
    "parse_formats",
    "report_targets",
    "write_reports",
]

FILE_NAMES: dict[str, str] = {
    "table": "report.txt",
    "json": "report.json",
    "html": "report.html",
    "junit": "report.junit.xml",
    "sarif": "report.sarif",
}
"""The file each format gets inside ``--output-dir``."""


class ReportTargetError(ValueError):
    """The formats and output options do not go together; the message says how to fix it."""


class ReportTarget(NamedTuple):
    """One report to write: a format and its file (``None`` for standard output)."""

    fmt: str
    output: Path | None


def parse_formats(value: str) -> tuple[str, ...]:
    """The format names of ``--format``: one name or a comma-separated list, each kept once.

    Raises:
        UnknownFormatError: a name is empty or not one of :data:`FORMATS`.
    """
    names = [name.strip().lower() for name in value.split(",")]
    for name in names:
        if name not in FORMATS:
            raise UnknownFormatError(
                f"unknown report format {name!r} in --format {value!r}; choose from: {', '.join(FORMATS)}"
            )
    return tuple(dict.fromkeys(names))


def report_targets(format_value: str, output: Path | None, output_dir: Path | None) -> list[ReportTarget]:
    """Where each requested format goes.

    One format goes to ``output`` (standard output when neither option is given) or into
    ``output_dir``; several formats need ``output_dir``, one file each (:data:`FILE_NAMES`).

    Raises:
        UnknownFormatError: a format name is unknown.
        ReportTargetError: the options do not go together.
    """
    formats = parse_formats(format_value)
    if output is not None and output_dir is not None:
        raise ReportTargetError("give --output FILE for one format or --output-dir DIR, not both")
    if output_dir is not None:
        return [ReportTarget(fmt, output_dir / FILE_NAMES[fmt]) for fmt in formats]
    if len(formats) > 1:
        option = "--output takes one format" if output is not None else "several formats need a folder"
        raise ReportTargetError(f"{option}: write {', '.join(formats)} with --output-dir DIR")
    return [ReportTarget(formats[0], output)]


def write_reports(report: Report, targets: list[ReportTarget], scan_dir: Path | None) -> list[Path]:
    """Writes the report once per target and returns the files written (standard output is not listed)."""
    written = [write_report(report, target.fmt, target.output, scan_dir) for target in targets]
    return [path for path in written if path is not None]
