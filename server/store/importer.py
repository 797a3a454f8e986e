"""Stores a report made elsewhere (a company's CI, another machine) as a run of source ``import``.

An imported run has no snapshots, so it cannot be re-judged; its report file is kept verbatim so
that fields this version of supportcheck does not know are not lost.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.orm import Session

from checker.site import host_of
from rules.report.model import SCHEMA, Report
from server.store._rows import add_judgement, add_pages
from server.store.changes import record_changes
from server.store.errors import ReportImportError
from server.store.models import Run
from server.store.writer import ensure_firm, parse_timestamp


def read_report(path: Path) -> tuple[Report, str]:
    """Reads and validates a report file; returns it with its text, or raises :class:`ReportImportError`."""
    try:
        text = path.read_text(encoding="utf-8")
        document = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReportImportError(f"cannot read {path} as JSON: {error}") from error
    schema = document.get("schema") if isinstance(document, dict) else None
    if schema != SCHEMA:
        raise ReportImportError(
            f"{path} is not a {SCHEMA} report (its schema is {schema!r}); "
            "make it with 'supportcheck scan --format json'"
        )
    try:
        return Report.model_validate(document), text
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(part) for part in first["loc"])
        raise ReportImportError(f"{path} is not a valid {SCHEMA} report: {place}: {first['msg']}") from error


def import_report(session: Session, source: Path | Report, firm_name: str | None = None) -> Run:
    """Stores a report as a complete (or partial) run with one judgement, in one transaction.

    Args:
        source: a report file, or a report already in memory.
        firm_name: the firm to file it under; default the report's firm, else its target's host.
    """
    if isinstance(source, Report):
        if source.schema_ != SCHEMA:
            raise ReportImportError(f"the report is not a {SCHEMA} report (its schema is {source.schema_!r})")
        report, report_json = source, source.to_json()
    else:
        report, report_json = read_report(source)
    name = firm_name or report.target.firm or host_of(report.target.url)
    if not name:
        raise ReportImportError("the report names no firm and no target URL: pass --firm NAME")
    try:
        started_at, finished_at = parse_timestamp(report.started_at), parse_timestamp(report.finished_at)
    except ValueError as error:
        raise ReportImportError(
            f"the report's started_at or finished_at is not a timestamp: {error}"
        ) from error
    try:
        firm = ensure_firm(session, name)
        if not firm.entry_urls:
            firm.entry_urls = list(report.target.entry_urls or [report.target.url])
            firm.locales = [locale.locale for locale in report.locales]
        gaps = [locale.locale for locale in report.locales if locale.status != "complete"]
        run = Run(
            firm=firm,
            started_at=started_at,
            finished_at=finished_at,
            status="partial" if gaps else "complete",
            status_reason=f"not complete in the report: {', '.join(gaps)}" if gaps else "",
            source="import",
            tool_version=report.tool.version,
            browser_version=report.browser.version,
            settings=report.settings,
        )
        session.add(run)
        session.flush()
        add_pages(session, run, report, {})
        add_judgement(session, run, report, report_json, {})
        record_changes(session, run)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return run
