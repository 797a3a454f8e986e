"""Benchmark: 1,000 firms due at once, claimed by real scheduler and worker processes.

Fills a fresh SQLite store (and, when ``SUPPORTCHECK_DATABASE_URL`` names an empty PostgreSQL
database, that one too) with ``--firms`` firms whose schedules are all due now, each on its own
site. Then ``--schedulers`` processes tick until every schedule has been claimed, and ``--workers``
processes (``--concurrency`` slots each) claim the queued runs under leases until none is left.
The crawl is replaced at the worker boundary by a stub that only closes the run (``partial``,
"crawl stubbed"), so what is measured is the ledger: claims, leases, the database.

Prints per database: the schedulers' claim rate (schedules/s), the workers' claim rate (runs/s),
the duplicate count (runs beyond one per firm, retries, and lost races to the one-active-run
index), and the latency from due to started (p50, p95, max). Exits 1 on any duplicate or a
missed target.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import make_url

from server.schedule.ledger import Limits
from server.schedule.scheduler import SchedulerOptions, tick
from server.schedule.worker import Worker, WorkerOptions
from server.store.db import DATABASE_URL_ENV, open_store, upgrade
from server.store.models import Firm, Run, Schedule

SCHEDULER_TARGET_PER_S = 200.0  # schedules claimed per second, all schedulers together
WORKER_TARGET_PER_S = 50.0  # runs claimed and closed per second, all workers together
LATENCY_P95_TARGET_S = 60.0  # due → started, with every firm due in the same second
STUB_REASON = "crawl stubbed by the benchmark"


def stub_crawl(database_url: str) -> object:
    """The worker-boundary stand-in for a crawl: closes the run it holds, nothing else."""
    sessions = open_store(database_url)

    def execute(run_id: int, owner: str) -> None:
        with sessions() as session:
            session.execute(
                update(Run)
                .where(Run.id == run_id, Run.lease_owner == owner, Run.status == "running")
                .values(status="partial", status_reason=STUB_REASON, finished_at=datetime.now(UTC))
            )
            session.commit()

    return execute


def _scheduler_process(database_url: str, results: multiprocessing.Queue[int]) -> None:
    sessions = open_store(database_url)
    options = SchedulerOptions()
    queued = lost = 0
    while True:
        report = tick(sessions, options)
        queued, lost = queued + len(report.queued), lost + report.already_active
        with sessions() as session:
            due = session.scalar(
                select(func.count()).select_from(Schedule).where(Schedule.next_due_at <= datetime.now(UTC))
            )
        if not due:
            break
    results.put(queued)
    results.put(lost)


def _worker_process(database_url: str, concurrency: int, results: multiprocessing.Queue[int]) -> None:
    sessions = open_store(database_url)
    options = WorkerOptions(concurrency=concurrency, limits=Limits(per_site=1), poll_s=0.05, until_idle=True)
    worker = Worker(sessions, stub_crawl(database_url), options)  # type: ignore[arg-type]
    import threading

    results.put(worker.run(threading.Event()))


def _fill(database_url: str, firms: int) -> datetime:
    """Creates the firms and their schedules, all due at the moment returned."""
    due = datetime.now(UTC).replace(microsecond=0)
    with open_store(database_url)() as session:
        session.execute(
            insert(Firm),
            [
                {"name": f"Firm {n}", "slug": f"firm-{n}", "entry_urls": [f"https://firm{n}.example/"],
                 "locales": ["en-US"], "apps": [], "tags": {}, "proxies": {}, "settings": {}}
                for n in range(firms)
            ],
        )  # fmt: skip
        ids = session.scalars(select(Firm.id)).all()
        session.execute(
            insert(Schedule),
            [{"firm_id": firm_id, "cron": "0 * * * *", "timezone": "UTC", "jitter_s": 0, "paused": False,
              "next_due_at": due, "updated_at": due} for firm_id in ids],
        )  # fmt: skip
        session.commit()
    return due


def _run_all(target: object, args_list: list[tuple[object, ...]]) -> tuple[float, list[int]]:
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[int] = context.Queue()
    processes = [context.Process(target=target, args=(*args, results)) for args in args_list]  # type: ignore[arg-type]
    started = time.perf_counter()
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    if any(process.exitcode != 0 for process in processes):
        raise RuntimeError("a benchmark process failed")
    return elapsed, [results.get() for _ in range(results.qsize() or 2 * len(processes))]


@dataclass(frozen=True)
class Outcome:
    database: str
    scheduler_rate: float
    worker_rate: float
    duplicates: int
    latency_p50: float
    latency_p95: float
    latency_max: float

    def problems(self) -> list[str]:
        found = []
        if self.duplicates:
            found.append(f"{self.duplicates} duplicate run(s)")
        if self.scheduler_rate < SCHEDULER_TARGET_PER_S:
            found.append(f"scheduler claims {self.scheduler_rate:.0f}/s < {SCHEDULER_TARGET_PER_S:.0f}/s")
        if self.worker_rate < WORKER_TARGET_PER_S:
            found.append(f"worker claims {self.worker_rate:.0f}/s < {WORKER_TARGET_PER_S:.0f}/s")
        if self.latency_p95 > LATENCY_P95_TARGET_S:
            found.append(f"p95 due→started {self.latency_p95:.1f}s > {LATENCY_P95_TARGET_S:.0f}s")
        return found


def bench(database_url: str, options: argparse.Namespace) -> Outcome:
    upgrade(database_url)
    _fill(database_url, options.firms)
    scheduling_s, scheduler_results = _run_all(_scheduler_process, [(database_url,)] * options.schedulers)
    lost_races = sum(scheduler_results[1::2]) if len(scheduler_results) == 2 * options.schedulers else -1
    working_s, _ = _run_all(_worker_process, [(database_url, options.concurrency)] * options.workers)
    with open_store(database_url)() as session:
        runs = session.scalar(select(func.count()).select_from(Run)) or 0
        firms_run = session.scalar(select(func.count(func.distinct(Run.firm_id)))) or 0
        retries = session.scalar(select(func.count()).select_from(Run).where(Run.attempt > 1)) or 0
        unfinished = session.scalar(select(func.count()).select_from(Run).where(Run.status != "partial")) or 0
        latencies = sorted(
            (started - due).total_seconds()
            for started, due in session.execute(select(Run.started_at, Run.due_at)).all()
            if due is not None
        )
    if firms_run != options.firms or unfinished:
        raise RuntimeError(f"{firms_run} of {options.firms} firms ran, {unfinished} run(s) not closed")
    duplicates = (runs - firms_run) + retries + max(lost_races, 0)
    return Outcome(
        database=make_url(database_url).get_backend_name(),
        scheduler_rate=options.firms / scheduling_s,
        worker_rate=runs / working_s,
        duplicates=duplicates,
        latency_p50=statistics.median(latencies),
        latency_p95=latencies[int(0.95 * (len(latencies) - 1))],
        latency_max=latencies[-1],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=1000)
    parser.add_argument("--schedulers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4, help="slots per worker")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        urls = [f"sqlite:///{Path(folder) / 'bench.db'}"]
        postgres = os.environ.get(DATABASE_URL_ENV, "")
        if postgres.startswith("postgresql"):
            urls.append(postgres)
        outcomes = [bench(url, options) for url in urls]
    print(
        f"{options.firms} firms due at once, {options.schedulers} schedulers, "
        f"{options.workers} workers x {options.concurrency} slots, crawl stubbed"
    )
    print(f"{'database':<11}{'sched/s':>9}{'work/s':>9}{'dupes':>7}{'p50 s':>8}{'p95 s':>8}{'max s':>8}")
    failed = False
    for outcome in outcomes:
        print(
            f"{outcome.database:<11}{outcome.scheduler_rate:>9.0f}{outcome.worker_rate:>9.0f}{outcome.duplicates:>7}"
            f"{outcome.latency_p50:>8.2f}{outcome.latency_p95:>8.2f}{outcome.latency_max:>8.2f}"
        )
        for problem in outcome.problems():
            print(f"  MISSED: {problem}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
