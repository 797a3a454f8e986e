"""Benchmark: the dashboard pages and the JSON API on a store of 500 firms x 5 locales x 20 runs.

Fills a fresh SQLite store (and, when ``SUPPORTCHECK_DATABASE_URL`` names an empty PostgreSQL
database, that one too) with synthetic judgements written in bulk: every run has a real
``supportcheck.report/v1`` report blob (the firm and compare pages read it), a finding per rule and
locale, channels, pages and locale results. Then, through the Flask test client in public-read
mode, it times each page and API call (median and p95 of ``--repeat`` requests after a warm-up)
and counts the SQL statements one request runs, at 10 and at 50 firms per page (two and six firms
for compare): the counts must not grow with the number of firms shown.

Targets: a page under 300 ms and an API call under 100 ms at the median. Prints a table per
database and exits 1 when a target is missed or a statement count grows.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, event, func, insert, select, text
from sqlalchemy.orm import Session

from checker.channels import CallbackChannel, Channels, ChatChannel, ContactPage, EmailChannel, PhoneChannel
from rules.catalog import RULESET_VERSION
from rules.engine import score
from rules.model import Finding as RuleFinding
from rules.model import Outcome
from rules.registry import all_rules
from rules.report.model import BrowserEntry, LocaleReport, PageEntry, Report, Target, ToolInfo
from server import create_app
from server.auth.accounts import create_token
from server.store._blobs import pack_json
from server.store._rows import LISTED_KINDS
from server.store.db import DATABASE_URL_ENV, open_store, upgrade
from server.store.models import Channel, Finding, Firm, Judgement, LocaleResult, Page, Run

LOCALES = ("en-US", "de-DE", "it-IT", "fr-FR", "es-ES")
SECTORS = ("bank", "telecom", "insurance", "energy", "airline", "retail")
COUNTRIES = ("IT", "DE", "FR", "ES", "GB", "US", "NL")
VARIANTS = 12  # distinct report shapes; runs cycle through them so each firm's history moves
PAGE_TARGET_MS, API_TARGET_MS = 300.0, 100.0
BATCH = 20_000
FIRMS_SHOWN = 50  # a page of the overview, and per_page of the API's firm listing
PAGE_SIZE = "DASHBOARD_PAGE_SIZE"
FIRST_RUN = datetime(2025, 1, 6, 9, tzinfo=UTC)


@dataclass(frozen=True)
class Variant:
    """One report shape: its blob and the rows each judgement of that shape holds."""

    report_zlib: bytes
    score: int | None
    locale_rows: list[dict[str, Any]]
    finding_rows: list[dict[str, Any]]
    channel_rows: list[dict[str, Any]]
    page_rows: list[dict[str, Any]]


def _channels(host: str, number: int, locale_index: int) -> Channels:
    """The channels of one locale; which ones depend on the variant so that diffs find changes."""
    page = f"https://{host}/contact"
    return Channels(
        phone=[PhoneChannel(url=page, number="+12025550143", display="+1 202 555 0143", source="tel")]
        if (number + locale_index) % 4
        else [],
        email=[EmailChannel(url=page, address=f"help@{host}", source="mailto")] if number % 3 else [],
        chat=[ChatChannel(url=page, vendor="intercom", human=number % 5 != 0)] if number % 2 else [],
        callback=[CallbackChannel(url=page, text="We call you back")]
        if (number + locale_index) % 3 == 0
        else [],
        contact_page=ContactPage(url=page, depth=1 + number % 3),
    )


def _variant(number: int, locales: tuple[str, ...]) -> Variant:
    host = "www.bench-firm.test"
    outcomes = (Outcome.PASS, Outcome.FAIL, Outcome.NEEDS_REVIEW, Outcome.PASS, Outcome.NOT_APPLICABLE)
    locale_rules, scan_rules = all_rules("locale"), all_rules("scan")
    reports = []
    for index, locale in enumerate(locales):
        findings = [
            RuleFinding(
                rule=rule.meta.id,
                outcome=outcomes[(number + index + position) % len(outcomes)],
                impact=rule.meta.impact,
                message=rule.meta.title,
                locale=locale,
            )
            for position, rule in enumerate(locale_rules)
        ]
        reports.append(
            LocaleReport(
                locale=locale,
                status="complete",
                pages=[
                    PageEntry(url=f"https://{host}/", http_status=200, title="Home"),
                    PageEntry(url=f"https://{host}/contact", http_status=200, depth=1, title="Contact us"),
                ],
                channels=_channels(host, number, index),
                findings=findings,
                score=score(findings),
            )
        )
    cross = [
        RuleFinding(
            rule=rule.meta.id, outcome=outcomes[number % 2], impact=rule.meta.impact, message="", locale=tag
        )
        for rule in scan_rules
        for tag in locales
    ]
    report = Report(
        tool=ToolInfo(name="supportcheck", version="0.1.0"),
        browser=BrowserEntry(version="120.0"),
        target=Target(url=f"https://{host}/", firm="Bench", entry_urls=[f"https://{host}/"]),
        started_at=FIRST_RUN.isoformat(),
        finished_at=FIRST_RUN.isoformat(),
        ruleset_version=RULESET_VERSION,
        locales=reports,
        findings=cross,
    )
    report.score = score(report.all_findings())
    return Variant(
        report_zlib=pack_json(report.to_json()).compressed,
        score=report.score,
        locale_rows=[
            {"locale": entry.locale, "status": entry.status, "score": entry.score, "vantage": {}}
            for entry in reports
        ],
        finding_rows=[
            {
                "locale": finding.locale,
                "rule": finding.rule,
                "outcome": finding.outcome.value,
                "impact": finding.impact.value,
                "message": finding.message,
                "evidence": [],
                "details": {},
            }
            for finding in report.all_findings()
        ],
        channel_rows=[
            {
                "locale": entry.locale,
                "kind": kind,
                "value": str(getattr(item, field)),
                "label": str(getattr(item, label)),
            }
            for entry in reports
            for kind, (listed, field, label) in LISTED_KINDS.items()
            for item in getattr(entry.channels, listed)
        ],
        page_rows=[
            {"locale": entry.locale, "url": page.url, "http_status": page.http_status, "depth": page.depth}
            for entry in reports
            for page in entry.pages
        ],
    )


class _Batches:
    """Rows gathered per table and inserted in large executemany batches, parents first."""

    def __init__(self, session: Session, tables: tuple[Any, ...]) -> None:
        self.session = session
        self.rows: dict[Any, list[dict[str, Any]]] = {table: [] for table in tables}  # in insert order
        self.count = 0

    def add(self, table: Any, rows: list[dict[str, Any]]) -> None:
        self.rows[table].extend(rows)
        if len(self.rows[table]) >= BATCH:
            self.flush()

    def flush(self) -> None:
        for table, rows in self.rows.items():
            if rows:
                self.session.execute(insert(table), rows)
                self.count += len(rows)
                rows.clear()


def fill(url: str, firms: int = 500, locales: int = 5, runs: int = 20) -> int:
    """Fills the (empty, migrated) store at ``url``; returns how many rows were written."""
    tags = LOCALES[:locales]
    variants = [_variant(number, tags) for number in range(VARIANTS)]
    sessions = open_store(url)
    with sessions() as session:
        if session.scalar(select(func.count(Firm.id))):
            raise SystemExit(f"dashboard_bench: {url} already holds firms; give it an empty database")
        session.execute(
            insert(Firm),
            [
                {
                    "id": number + 1,
                    "name": f"Bench Firm {number:04d}",
                    "slug": f"bench-firm-{number:04d}",
                    "entry_urls": [f"https://www.bench-{number}.test/"],
                    "locales": list(tags),
                    "apps": [],
                    "tags": {
                        "sector": SECTORS[number % len(SECTORS)],
                        "country": COUNTRIES[number % len(COUNTRIES)],
                    },
                }
                for number in range(firms)
            ],
        )
        batches = _Batches(session, (Run, Judgement, LocaleResult, Finding, Channel, Page))
        run_id = 0
        for number in range(firms):
            for position in range(runs):
                run_id += 1
                variant = variants[(number + position) % VARIANTS]
                started = FIRST_RUN + timedelta(days=7 * position, minutes=number)
                batches.add(
                    Run,
                    [
                        {
                            "id": run_id,
                            "firm_id": number + 1,
                            "started_at": started,
                            "finished_at": started + timedelta(minutes=4),
                            "status": "complete",
                            "tool_version": "0.1.0",
                            "browser_version": "120.0",
                            "settings": {},
                        }
                    ],
                )
                judgement = {"id": run_id, "run_id": run_id, "ruleset_version": RULESET_VERSION}
                batches.add(
                    Judgement, [{**judgement, "score": variant.score, "report_zlib": variant.report_zlib}]
                )
                batches.add(LocaleResult, [{**row, "judgement_id": run_id} for row in variant.locale_rows])
                batches.add(Finding, [{**row, "judgement_id": run_id} for row in variant.finding_rows])
                batches.add(Channel, [{**row, "judgement_id": run_id} for row in variant.channel_rows])
                batches.add(Page, [{**row, "run_id": run_id} for row in variant.page_rows])
        batches.flush()
        if session.get_bind().dialect.name == "postgresql":
            for table in ("firms", "runs", "judgements"):  # ids were given: move the sequences past them
                sequence = f"pg_get_serial_sequence('{table}', 'id')"
                session.execute(text(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))"))
            # Planner statistics, as autovacuum gathers them soon after any bulk load: without them
            # PostgreSQL plans the latest-judgement lookups as if the tables were empty.
            session.execute(text("ANALYZE"))
        session.commit()
        written = batches.count + firms
    sessions.kw["bind"].dispose()
    return written


@dataclass(frozen=True)
class Measurement:
    name: str
    kind: str  # "page" or "api"
    median_ms: float
    p95_ms: float
    statements: int  # of one request
    statements_fewer: int | None = None  # the same request showing fewer firms, when that applies

    @property
    def target_ms(self) -> float:
        return PAGE_TARGET_MS if self.kind == "page" else API_TARGET_MS

    @property
    def problems(self) -> list[str]:
        found = []
        if self.median_ms >= self.target_ms:
            found.append(f"{self.name}: median {self.median_ms:.0f} ms >= {self.target_ms:.0f} ms")
        if self.statements_fewer is not None and self.statements > self.statements_fewer:
            found.append(f"{self.name}: {self.statements_fewer} statements grow to {self.statements}")
        return found


@contextmanager
def _counting(engine: Engine) -> Iterator[list[int]]:
    counter = [0]

    def count(*_args: object) -> None:
        counter[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _statements(app: Flask, client: FlaskClient, path: str, headers: dict[str, str], page_size: int) -> int:
    app.config[PAGE_SIZE] = page_size
    with _counting(app.extensions["supportcheck.store"].kw["bind"]) as counter:
        _get(client, path, headers)
    return counter[0]


def _get(client: FlaskClient, path: str, headers: dict[str, str] | None = None) -> None:
    response = client.get(path, headers=headers)
    if response.status_code != 200:
        raise SystemExit(f"dashboard_bench: GET {path} answered {response.status_code}")


def _time(client: FlaskClient, path: str, repeat: int, headers: dict[str, str]) -> tuple[float, float]:
    _get(client, path, headers)  # warm-up: caches, the first statement of a kind
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        _get(client, path, headers)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]


@dataclass(frozen=True)
class Case:
    """A request to time; ``fewer`` is the same request showing fewer firms (10, or 2 to compare)."""

    name: str
    kind: str
    path: str
    fewer: str | None = None
    fewer_page_size: int = FIRMS_SHOWN
    headers: dict[str, str] = field(default_factory=dict)


def _compare(slugs: list[str]) -> str:
    return "/compare?" + "&".join(f"firm={slug}" for slug in slugs)


def measure(app: Flask, firms: int, repeat: int) -> list[Measurement]:
    """Times every page and API call on the filled store behind ``app`` (public-read mode, 50 a page)."""
    client = app.test_client()
    _get(client, "/api/v1/firms")  # opens the store
    slugs = [f"bench-firm-{number:04d}" for number in range(min(firms, 6))]
    first, last = _run_ids(app, slugs[0])
    token = {"Authorization": f"Bearer {_read_token(app)}"}
    cases = [
        Case("overview /", "page", "/", "/", fewer_page_size=10),
        Case("firm /firms/<slug>", "page", f"/firms/{slugs[0]}"),
        Case("compare (2 | 6 firms)", "page", _compare(slugs), _compare(slugs[:2])),
        Case("run diff /firms/<slug>/diff", "page", f"/firms/{slugs[0]}/diff?from={first}&to={last}"),
        Case("rules /rules", "page", "/rules"),
        Case("GET /api/v1/firms", "api", "/api/v1/firms?per_page=50", "/api/v1/firms?per_page=10"),
        Case("GET /api/v1/firms?sort=score", "api", "/api/v1/firms?sort=score"),
        Case("GET /api/v1/firms (bearer token)", "api", "/api/v1/firms", headers=token),
        Case("GET /api/v1/firms/<slug>", "api", f"/api/v1/firms/{slugs[0]}"),
        Case("GET /api/v1/firms/<slug>/runs", "api", f"/api/v1/firms/{slugs[0]}/runs"),
        Case("GET /api/v1/runs/<id>", "api", f"/api/v1/runs/{last}"),
        Case("GET /api/v1/runs/<id>/findings", "api", f"/api/v1/runs/{last}/findings?per_page=100"),
        Case("GET /api/v1/diff", "api", f"/api/v1/diff?from={first}&to={last}"),
    ]
    results = []
    for case in cases:
        _get(client, case.path, case.headers)  # once before counting: a token is marked used on first use
        fewer = (
            _statements(app, client, case.fewer, case.headers, case.fewer_page_size) if case.fewer else None
        )
        statements = _statements(app, client, case.path, case.headers, FIRMS_SHOWN)
        median, p95 = _time(client, case.path, repeat, case.headers)
        results.append(Measurement(case.name, case.kind, median, p95, statements, fewer))
    return results


def _read_token(app: Flask) -> str:
    sessions = open_store(app.config[DATABASE_URL_ENV])
    with sessions() as session:
        secret = create_token(session, "dashboard-bench", ["read"]).secret
    sessions.kw["bind"].dispose()
    return secret


def _run_ids(app: Flask, slug: str) -> tuple[int, int]:
    runs = app.test_client().get(f"/api/v1/firms/{slug}/runs?per_page=100").get_json()["items"]
    return runs[-1]["id"], runs[0]["id"]


def report(console: Console, title: str, results: list[Measurement]) -> list[str]:
    """Prints the table; returns the targets missed."""
    table = Table(title=title)
    for column in ("request", "median ms", "p95 ms", "target ms", "statements (10 | 50 firms)"):
        table.add_column(column, justify="left" if column == "request" else "right")
    for result in results:
        counts = (
            str(result.statements)
            if result.statements_fewer is None
            else f"{result.statements_fewer} | {result.statements}"
        )
        style = "red" if result.problems else ""
        table.add_row(
            result.name,
            f"{result.median_ms:.1f}",
            f"{result.p95_ms:.1f}",
            f"< {result.target_ms:.0f}",
            counts,
            style=style,
        )
    console.print(table)
    return [problem for result in results for problem in result.problems]


def bench_store(url: str, data_dir: Path, args: argparse.Namespace, console: Console) -> list[str]:
    upgrade(url)
    started = time.perf_counter()
    rows = fill(url, args.firms, args.locales, args.runs)
    console.print(f"filled {url.split('@')[-1]}: {rows:,} rows in {time.perf_counter() - started:.1f} s")
    app = create_app(
        {
            "SUPPORTCHECK_DATABASE_URL": url,
            "SUPPORTCHECK_DATA_DIR": str(data_dir),
            "SUPPORTCHECK_PUBLIC_READ": True,
        }
    )
    try:
        results = measure(app, args.firms, args.repeat)
    finally:
        app.extensions["supportcheck.store"].kw["bind"].dispose()
    title = f"{args.firms} firms x {args.locales} locales x {args.runs} runs on {url.split(':')[0]}"
    return report(console, title, results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--firms", type=int, default=500)
    parser.add_argument("--locales", type=int, default=5, choices=range(1, len(LOCALES) + 1))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per row (default 30)")
    args = parser.parse_args(argv)
    console = Console(width=120)
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="dashboard-bench-") as folder:
        problems += bench_store(f"sqlite:///{Path(folder) / 'bench.db'}", Path(folder), args, console)
        postgres = os.environ.get(DATABASE_URL_ENV, "")
        if postgres.startswith("postgresql"):
            problems += bench_store(postgres, Path(folder), args, console)
    for problem in problems:
        console.print(f"[red]missed:[/red] {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
