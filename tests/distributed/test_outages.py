"""Distributed crawling through outages: Redis stopped and started again, PostgreSQL restarted."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from server.store.db import open_store
from server.store.models import Run, Snapshot
from tests.distributed.broker import RedisServer
from tests.distributed.cluster import (
    import_firms,
    queue_runs,
    start_scheduler,
    start_worker,
    wait_until_closed,
    worker_beats,
)
from tests.distributed.conftest import LOCALES
from tests.distributed.sites import PAGE_LOADS
from tests.schedule.processes import Clock, Processes, wait_for
from tests.sites import FixtureServer
from tests.store.postgres import _as_server_user, find_bindir

pytestmark = pytest.mark.browser
NAMES = ["chain4", "chain5"]


def _assert_complete_once(pg_url: str) -> None:
    closed = wait_until_closed(pg_url, len(NAMES), timeout=120)
    assert sorted(row.firm for row in closed) == NAMES  # nothing lost, nothing doubled
    for row in closed:
        assert (row.status, row.judgements) == ("complete", 1), row.reason
        assert sorted(row.locales) == sorted(LOCALES)
    with open_store(pg_url)() as session:  # no half-written run poses as complete
        for run in session.scalars(select(Run).where(Run.status == "complete")):
            assert session.scalar(select(func.count()).where(Snapshot.run_id == run.id)) == len(LOCALES)


def test_workers_reconnect_after_redis_stops_and_the_runs_finish(
    pg_url: str,
    chain_sites: FixtureServer,
    tmp_path: Path,
    clock: Clock,
    env: dict[str, str],
    processes: Processes,
    redis_server: RedisServer,
) -> None:
    import_firms(chain_sites, NAMES, LOCALES, tmp_path, pg_url)
    start_worker(processes, chain_sites, pg_url, concurrency=2)
    start_scheduler(processes, chain_sites, pg_url)
    queue_runs(clock, env, pg_url, chain_sites)
    wait_for(lambda: PAGE_LOADS.in_flight() > 0, what="a page load")

    redis_server.stop()
    time.sleep(3)
    redis_server.start()  # same port, same append-only file: the queue is back

    _assert_complete_once(pg_url)
    outages = [beat.last_outage for beat in worker_beats(pg_url) if "redis" in beat.last_outage]
    assert outages, "the worker recorded the Redis outage"


def test_workers_retry_their_writes_through_a_postgresql_restart(
    pg_url: str,
    chain_sites: FixtureServer,
    tmp_path: Path,
    clock: Clock,
    env: dict[str, str],
    processes: Processes,
) -> None:
    import_firms(chain_sites, NAMES, LOCALES, tmp_path, pg_url)
    start_worker(processes, chain_sites, pg_url, concurrency=2, lease_s=10)
    start_scheduler(processes, chain_sites, pg_url)
    queue_runs(clock, env, pg_url, chain_sites)
    wait_for(lambda: PAGE_LOADS.in_flight() > 0, what="a page load")

    engine = create_engine(pg_url)
    with engine.connect() as connection:
        data_directory = connection.scalar(text("SHOW data_directory"))
    engine.dispose()
    bindir = find_bindir()
    assert bindir is not None
    # pg_ctl restart reuses the server's own options (postmaster.opts): port, address, fsync.
    log = Path(data_directory).parent / "server.log"
    subprocess.run(
        _as_server_user(
            [str(bindir / "pg_ctl"), "-D", str(data_directory), "-l", str(log), "-m", "fast", "-w", "restart"]
        ),
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60,
    )  # fmt: skip

    _assert_complete_once(pg_url)
