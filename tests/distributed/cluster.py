"""Drives a distributed deployment on one machine: firms imported, runs queued, a scheduler that
dispatches them, Celery workers that crawl them, and the database read back."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import undefer

from server.distributed.beats import WorkerView, workers
from server.schedule import clock as scheduling_clock
from server.store._blobs import unpack_json
from server.store.db import open_store
from server.store.models import Judgement, Run, RunLocale
from tests.schedule.processes import Clock, Processes, supportcheck, wait_for
from tests.sites import FixtureServer

CRAWL_OPTIONS = ("--max-pages", "2", "--page-timeout", "5", "--deadline", "60", "--no-app-stores")


@dataclass(frozen=True)
class RunRow:
    firm: str
    status: str
    reason: str
    judgements: int
    locales: dict[str, tuple[str, int, str]]  # locale -> (status, attempt, lease owner)
    locale_reasons: dict[str, str]  # locale -> why its last attempt failed ("" when none did)

    def retried(self) -> dict[str, tuple[int, str]]:
        """Locales crawled more than once: their attempts and why an attempt failed."""
        return {
            locale: (attempt, self.locale_reasons[locale])
            for locale, (_, attempt, _) in self.locales.items()
            if attempt > 1
        }


def firms_yaml(sites: FixtureServer, names: list[str], locales: tuple[str, ...]) -> str:
    """A firm file of the fixture firms, each on an hourly schedule (due once the clock moves an hour)."""
    lines = ["firms:"]
    for name in names:
        lines += [
            f"  - name: {name}",
            f"    url: {sites.entry_url(name)}",
            f"    locales: [{', '.join(locales)}]",
            "    schedule: {cron: '0 * * * *'}",
        ]
    return "\n".join(lines) + "\n"


def import_firms(
    sites: FixtureServer, names: list[str], locales: tuple[str, ...], folder: Path, database_url: str
) -> None:
    config = folder / "firms.yaml"
    config.write_text(firms_yaml(sites, names, locales), encoding="utf-8")
    imported = supportcheck("firms", "import", str(config), "--db", database_url)
    assert imported.returncode == 0, imported.stderr


def queue_runs(clock: Clock, env: dict[str, str], database_url: str, sites: FixtureServer) -> str:
    """Moves the clock an hour on and ticks the scheduler once: every firm's run queued and dispatched."""
    clock.set(3600)
    ticked = supportcheck(
        "scheduler", "--once", *CRAWL_OPTIONS, "--host-resolver-rules", sites.host_resolver_rules,
        "--db", database_url, env=env,
    )  # fmt: skip
    assert ticked.returncode == 0, ticked.stderr
    return ticked.stdout


def start_scheduler(processes: Processes, sites: FixtureServer, database_url: str) -> subprocess.Popen[str]:
    """A scheduler ticking fast: it requeues dead workers' locales and resends lost messages."""
    return processes.start(
        "scheduler", "--interval", "0.5", *CRAWL_OPTIONS, "--host-resolver-rules",
        sites.host_resolver_rules, "--db", database_url,
    )  # fmt: skip


def start_worker(
    processes: Processes, sites: FixtureServer, database_url: str, concurrency: int = 2, lease_s: float = 3.0
) -> subprocess.Popen[str]:
    return processes.start(
        "worker", "--concurrency", str(concurrency), "--lease", str(lease_s),
        "--host-resolver-rules", sites.host_resolver_rules, "--db", database_url,
    )  # fmt: skip


def runs(database_url: str) -> list[RunRow]:
    sessions = open_store(database_url)
    try:
        with sessions() as session:
            rows = []
            for run in session.scalars(select(Run).order_by(Run.id)):
                judged = session.scalar(select(func.count()).where(Judgement.run_id == run.id)) or 0
                of_run = session.scalars(select(RunLocale).where(RunLocale.run_id == run.id)).all()
                locales = {row.locale: (row.status, row.attempt, row.lease_owner or "") for row in of_run}
                reasons = {row.locale: row.status_reason or "" for row in of_run}
                rows.append(RunRow(run.firm.name, run.status, run.status_reason, judged, locales, reasons))
            return rows
    finally:
        sessions.kw["bind"].dispose()


def wait_until_closed(database_url: str, count: int, timeout: float = 120) -> list[RunRow]:
    """Waits until ``count`` runs are no longer queued or running; returns every run."""

    def closed() -> bool:
        return sum(row.status not in ("queued", "running") for row in runs(database_url)) >= count

    wait_for(closed, timeout=timeout, what=f"{count} run(s) to close")
    return runs(database_url)


def worker_beats(database_url: str) -> list[WorkerView]:
    sessions = open_store(database_url)
    try:
        with sessions() as session:
            return workers(session, scheduling_clock.now())
    finally:
        sessions.kw["bind"].dispose()


def pool_children(worker: subprocess.Popen[str]) -> list[int]:
    """The Celery pool children of a worker's main process (its Python children, not Chromium)."""
    children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
    return [int(pid) for pid in children if "python" in Path(f"/proc/{pid}/exe").resolve().name]


def judged_reports(database_url: str) -> dict[str, dict[str, object]]:
    """The latest judgement's report of each firm's last run, by firm name."""
    sessions = open_store(database_url)
    try:
        with sessions() as session:
            reports = {}
            for run in session.scalars(select(Run).order_by(Run.id)):
                judgement = session.scalar(
                    select(Judgement).where(Judgement.run_id == run.id).order_by(Judgement.id.desc())
                    .options(undefer(Judgement.report_zlib))
                )  # fmt: skip
                if judgement is not None:
                    reports[run.firm.name] = json.loads(unpack_json(judgement.report_zlib))
            return reports
    finally:
        sessions.kw["bind"].dispose()
