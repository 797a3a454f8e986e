"""Benchmark: 1 versus 2 Celery worker processes over the same 30 (firm, locale) units.

Starts a throwaway PostgreSQL and redis-server (as the tests do), serves 10 fixture firms on
loopback (``tests/distributed/sites.py``: four pages each, every page answering after 0.25 s, as a
remote site would), and for each configuration imports the firms into a fresh database, starts
``supportcheck worker --concurrency 1`` processes (one Chromium each), queues the 10 runs of 3
locales with ``supportcheck scheduler --once``, and waits until every run is closed.

Prints per configuration: units per minute (first task sent to last run closed), the broker and
database overhead per task (a task's pickup: from its sending, or from the same pool child's
previous task ending, to its claim; and from a run's last locale stored to the run closed by the
final task, as polled every 50 ms), and the peak memory (PSS) of each worker's process tree
(Celery main, pool child, Chromium). Then the scaling ratio. Exits 1 below a target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _procmem import _descendants, _processes, _pss_kib
from sqlalchemy import create_engine, select, text

from server.store.db import open_store, upgrade
from server.store.models import Run, RunLocale, WorkerBeat
from tests.distributed.broker import RedisServer, find_redis
from tests.distributed.cluster import firms_yaml
from tests.distributed.sites import CHAIN_FIRMS
from tests.sites import FixtureServer
from tests.store.postgres import find_bindir, throwaway_cluster

ROOT = Path(__file__).resolve().parent.parent
COMMAND = [str(Path(sys.executable).with_name("supportcheck"))]
LOCALES = ("en-US", "de-DE", "it-IT")
CLOCK_OFFSET = timedelta(hours=1)  # the firms' hourly schedules are due once the clock moved this far
CRAWL_OPTIONS = ["--max-pages", "3", "--page-timeout", "5", "--deadline", "60", "--no-app-stores"]

SCALING_TARGET = 1.4  # 2 workers' units/min over 1 worker's, on this 2-core machine
PICKUP_P50_TARGET_S = 1.0  # a task's pickup (broker + lease claim), median
CLOSE_P50_TARGET_S = 2.0  # last locale stored -> run closed (final task through the broker), median


@dataclass
class Measured:
    workers: int
    units: int = 0
    wall_s: float = 0.0
    pickups_s: list[float] = field(default_factory=list)
    closes_s: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)

    @property
    def units_per_min(self) -> float:
        return self.units / self.wall_s * 60 if self.wall_s else 0.0


class TreePss:
    """The peak PSS of each worker's whole process tree, sampled every 0.2 s."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids
        self.peak_kib = dict.fromkeys(pids, 0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            children, _cpu = _processes()
            for pid in self.pids:
                total = 0
                for member in [pid, *_descendants(pid, children)]:
                    try:
                        total += _pss_kib(member)
                    except OSError:
                        continue
                self.peak_kib[pid] = max(self.peak_kib[pid], total)

    def __enter__(self) -> TreePss:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run([*COMMAND, *args], env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"supportcheck {' '.join(args[:2])} failed: {done.stderr[-2000:]}")


def _firms_file(sites: FixtureServer, folder: Path) -> Path:
    path = folder / "firms.yaml"
    path.write_text(firms_yaml(sites, [firm.name for firm in CHAIN_FIRMS], LOCALES), encoding="utf-8")
    return path


def _wait_ready(url: str, count: int) -> None:
    sessions = open_store(url)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with sessions() as session:
            if len(session.scalars(select(WorkerBeat.name)).all()) >= count:
                time.sleep(2)  # the pool children launch their Chromium after the main beats
                return
        time.sleep(0.2)
    raise RuntimeError("the workers did not start")


def _watch_closes(url: str, stop: threading.Event, closed_at: dict[int, datetime]) -> None:
    """Notes when each run is first seen closed, on the processes' clock (moved by the clock file)."""
    sessions = open_store(url)
    while not stop.wait(0.05):
        with sessions() as session:
            for run_id in session.scalars(
                select(Run.id).where(Run.status.in_(("complete", "partial", "error")))
            ):
                closed_at.setdefault(run_id, datetime.now(UTC) + CLOCK_OFFSET)


def _measure(url: str, measured: Measured, closed_at: dict[int, datetime]) -> None:
    with open_store(url)() as session:
        rows = list(session.scalars(select(RunLocale)))
        runs = list(session.scalars(select(Run)))
    bad = [run.id for run in runs if run.status != "complete"]
    if bad:
        raise RuntimeError(f"runs {bad} did not complete")
    measured.units = len(rows)
    first_sent = min(_at(row.sent_at) for row in rows)
    measured.wall_s = (max(closed_at.values()) - first_sent).total_seconds()
    by_child: dict[str, list[RunLocale]] = {}
    for row in rows:
        by_child.setdefault((row.lease_owner or "").split(":")[1], []).append(row)
    for child_rows in by_child.values():
        child_rows.sort(key=lambda row: _at(row.started_at))
        previous_end: datetime | None = None
        for row in child_rows:
            ready = max(_at(row.sent_at), previous_end or _at(row.sent_at))
            measured.pickups_s.append((_at(row.started_at) - ready).total_seconds())
            previous_end = _at(row.finished_at)
    for run in runs:
        last_stored = max(_at(row.finished_at) for row in rows if row.run_id == run.id)
        measured.closes_s.append((closed_at[run.id] - last_stored).total_seconds())


def _at(moment: datetime | None) -> datetime:
    """A timestamp every crawled unit has (sent, started, finished)."""
    if moment is None:
        raise RuntimeError("a unit was crawled without its timestamps")
    return moment


def run_configuration(
    server_url: str, template: str, redis: RedisServer, sites: FixtureServer, folder: Path, workers: int
) -> Measured:
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
    url = server_url.rsplit("/", 1)[0] + f"/{name}"
    clock_file = folder / f"clock-{workers}"
    clock_file.write_text("0", encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SUPPORTCHECK_BROKER_URL": redis.url,
        "SUPPORTCHECK_DATABASE_URL": url,
        "SUPPORTCHECK_ALLOW_PRIVATE_TARGETS": "1",
        "SUPPORTCHECK_DATA_DIR": str(folder / "data"),
        "SUPPORTCHECK_CLOCK_FILE": str(clock_file),
    }
    _run(["firms", "import", str(_firms_file(sites, folder))], env)
    started = [
        subprocess.Popen(
            [*COMMAND, "worker", "--concurrency", "1", "--host-resolver-rules", sites.host_resolver_rules],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(workers)
    ]
    measured = Measured(workers)
    closed_at: dict[int, datetime] = {}
    stop = threading.Event()
    try:
        _wait_ready(url, workers)
        watcher = threading.Thread(target=_watch_closes, args=(url, stop, closed_at), daemon=True)
        watcher.start()
        with TreePss([process.pid for process in started]) as memory:
            clock_file.write_text(str(CLOCK_OFFSET.total_seconds()), encoding="utf-8")
            _run(
                ["scheduler", "--once", *CRAWL_OPTIONS, "--host-resolver-rules", sites.host_resolver_rules],
                env,
            )
            deadline = time.monotonic() + 600
            while len(closed_at) < len(CHAIN_FIRMS):
                if time.monotonic() > deadline:
                    raise RuntimeError("the runs did not close within 10 minutes")
                time.sleep(0.2)
        stop.set()
        watcher.join()
        measured.peak_mib = [kib / 1024 for kib in memory.peak_kib.values()]
        _measure(url, measured, closed_at)
    finally:
        stop.set()
        for process in started:
            process.terminate()
        for process in started:
            process.wait(60)
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
    return measured


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(measured: Measured) -> None:
    print(
        f"{measured.workers} worker(s): {measured.units} units in {measured.wall_s:.1f} s = "
        f"{measured.units_per_min:.1f} units/min; pickup p50 {statistics.median(measured.pickups_s):.2f} s "
        f"p95 {_p(measured.pickups_s, 0.95):.2f} s; last locale stored -> run closed p50 "
        f"{statistics.median(measured.closes_s):.2f} s p95 {_p(measured.closes_s, 0.95):.2f} s; peak PSS per "
        f"worker {', '.join(f'{mib:.0f}' for mib in measured.peak_mib)} MiB",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    bindir, redis_binary = find_bindir(), find_redis()
    if bindir is None or redis_binary is None:
        print("distributed_bench needs PostgreSQL and redis-server (scripts/setup.sh installs them)")
        return 1
    with (
        tempfile.TemporaryDirectory(prefix="supportcheck-dbench-") as temporary,
        throwaway_cluster(bindir) as server_url,
        FixtureServer(CHAIN_FIRMS) as sites,
    ):
        folder = Path(temporary)
        template = f"bench_template_{uuid.uuid4().hex[:8]}"
        admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {template}"))
        admin.dispose()
        upgrade(server_url.rsplit("/", 1)[0] + f"/{template}")
        redis = RedisServer(redis_binary)
        redis.start()
        try:
            results = [
                run_configuration(server_url, template, redis, sites, folder, workers) for workers in (1, 2)
            ]
        finally:
            redis.close()
    for measured in results:
        report(measured)
    one, two = results
    ratio = two.units_per_min / one.units_per_min
    pickup = statistics.median(one.pickups_s + two.pickups_s)
    close = statistics.median(one.closes_s + two.closes_s)
    print(
        f"scaling 1 -> 2 workers: x{ratio:.2f} (target >= x{SCALING_TARGET}); pickup p50 {pickup:.2f} s "
        f"(target <= {PICKUP_P50_TARGET_S} s); close p50 {close:.2f} s (target <= {CLOSE_P50_TARGET_S} s)"
    )
    missed = ratio < SCALING_TARGET or pickup > PICKUP_P50_TARGET_S or close > CLOSE_P50_TARGET_S
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
