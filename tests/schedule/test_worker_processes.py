"""Real worker processes crawling fixture firms in Chromium: a worker killed mid-run leaves an ``error``
run (never ``complete``), which is retried and completed by another worker."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from server.store.db import open_store
from server.store.models import Run, Snapshot
from tests.schedule.processes import Clock, Processes, supportcheck, wait_for
from tests.sites import FixtureServer

pytestmark = pytest.mark.browser
HOUR = 3600


def _worker_args(sites: FixtureServer, database_url: str, *extra: str) -> list[str]:
    return [
        "worker", "--poll", "0.2", "--max-pages", "4", "--page-timeout", "5",
        "--no-app-stores", "--host-resolver-rules", sites.host_resolver_rules, "--db", database_url, *extra,
    ]  # fmt: skip


def _runs(database_url: str) -> list[tuple[int, str, int, str]]:
    with open_store(database_url)() as session:
        return [
            (run.id, run.status, run.attempt, run.status_reason)
            for run in session.scalars(select(Run).order_by(Run.id))
        ]


def test_a_killed_worker_leaves_an_error_that_is_retried_and_completed(
    database_url: str,
    sites: FixtureServer,
    tmp_path: Path,
    clock: Clock,
    env: dict[str, str],
    processes: Processes,
) -> None:
    config = tmp_path / "firms.yaml"
    config.write_text(
        f"name: Acme\nurl: {sites.entry_url('acme')}\nlocales: [en-US, de-DE]\n"
        "schedule: {cron: '0 * * * *'}\n",
        encoding="utf-8",
    )
    assert supportcheck("firms", "import", str(config), "--db", database_url).returncode == 0
    clock.set(HOUR)
    queued = supportcheck("scheduler", "--once", "--db", database_url, env=env)
    assert "queued 1 run(s)" in queued.stdout, queued.stderr

    sites.clear_log()
    doomed = processes.start(*_worker_args(sites, database_url, "--lease", "20"))
    wait_for(lambda: any("acme" in request.host for request in sites.requests), what="the crawl to start")
    processes.kill_group(doomed)  # SIGKILL, mid-crawl: no chance to write anything
    [(run_id, status, attempt, _)] = _runs(database_url)
    assert (status, attempt) == ("running", 1)

    early = supportcheck("scheduler", "--once", "--db", database_url, env=env)
    assert "0 dead run(s)" in early.stdout  # the lease has not expired yet
    clock.set(HOUR + 60)
    reaped = supportcheck("scheduler", "--once", "--db", database_url, env=env)
    assert "1 dead run(s), 1 retried" in reaped.stdout, reaped.stdout + reaped.stderr

    # A short lease: the finisher must renew it several times while it crawls.
    finisher = supportcheck(*_worker_args(sites, database_url, "--until-idle", "--lease", "1"), env=env)
    assert re.search(r"finished 1 run\(s\)", finisher.stdout), finisher.stderr
    (dead, retried) = _runs(database_url)
    assert dead[0] == run_id and dead[1] == "error" and "stopped renewing its lease" in dead[3]
    assert retried[1:3] == ("complete", 2), retried
    with open_store(database_url)() as session:
        counts = session.execute(select(Snapshot.run_id, func.count()).group_by(Snapshot.run_id))
        stored = {run: count for run, count in counts}
    assert stored == {retried[0]: 2}  # both locales' snapshots, all on the completed run
