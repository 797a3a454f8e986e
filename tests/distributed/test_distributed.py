"""Distributed crawling with real parts: redis-server, PostgreSQL, Celery worker processes, Chromium."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from server import create_app
from server.auth.accounts import create_token
from server.store.db import open_store
from server.store.models import Blob, Screenshot
from tests.distributed.cluster import (
    CRAWL_OPTIONS,
    import_firms,
    judged_reports,
    pool_children,
    queue_runs,
    runs,
    start_scheduler,
    start_worker,
    wait_until_closed,
    worker_beats,
)
from tests.distributed.conftest import LOCALES
from tests.distributed.sites import CHAIN_FIRMS, PAGE_LOADS
from tests.schedule.processes import Clock, Processes, supportcheck, wait_for
from tests.schedule.test_serve import _reachable
from tests.sites import FixtureServer
from tests.store.postgres import _free_port

pytestmark = pytest.mark.browser


def test_two_workers_complete_every_run_once_within_the_per_site_limit(
    pg_url: str,
    chain_sites: FixtureServer,
    tmp_path: Path,
    clock: Clock,
    env: dict[str, str],
    processes: Processes,
) -> None:
    names = [firm.name for firm in CHAIN_FIRMS]
    import_firms(chain_sites, names, LOCALES, tmp_path, pg_url)
    PAGE_LOADS.clear()
    # Nothing dies here, so a lease long enough for a loaded CI machine's late renewals: every
    # locale must be crawled once, at its first attempt.
    workers = [start_worker(processes, chain_sites, pg_url, lease_s=30.0) for _ in range(2)]
    dispatched = queue_runs(clock, env, pg_url, chain_sites)
    assert "dispatched 10 run(s), sent 30 unit(s)" in dispatched

    closed = wait_until_closed(pg_url, 10, timeout=150)

    assert sorted(row.firm for row in closed) == sorted(names)  # one run per firm, none twice
    assert [row.status for row in closed] == ["complete"] * 10, [row.reason for row in closed]
    assert all(row.judgements == 1 for row in closed)
    assert all(status == "done" for row in closed for status, _, _ in row.locales.values())
    retried = {row.firm: row.retried() for row in closed if row.retried()}
    assert not retried, retried  # the workers' logs are printed below the failure
    owners = {owner.split("/")[0] for row in closed for _, _, owner in row.locales.values()}
    assert len(owners) == 2, "both workers crawled"
    split = [row.firm for row in closed if len({o.split("/")[0] for _, _, o in row.locales.values()}) > 1]
    assert split, "some firm's locales were crawled on both workers at once"
    # The three locales of a firm crawl at once on two workers, yet at most 2 page loads overlap.
    assert max(PAGE_LOADS.most.values()) == 2, PAGE_LOADS.most
    health = supportcheck("worker", "--health", env=env)
    assert health.returncode == 0 and health.stdout.count("healthy") == 2, health.stderr
    listed = create_app(
        {"TESTING": True, "SUPPORTCHECK_DATABASE_URL": pg_url, "SUPPORTCHECK_PUBLIC_READ": True}
    )
    shown = listed.test_client().get("/api/v1/workers").get_json()["workers"]
    assert [worker["healthy"] for worker in shown] == [True, True]
    assert sum(worker["tasks_done"] for worker in shown) == 30
    listed.extensions["supportcheck.store"].kw["bind"].dispose()

    for worker in workers:
        processes.stop(worker, timeout=60)  # SIGTERM: a warm shutdown, exit code 0
    assert [beat.state for beat in worker_beats(pg_url)] == ["stopped", "stopped"]
    assert supportcheck("worker", "--health", env=env).returncode == 1


def test_a_killed_pool_child_s_task_is_redelivered_and_its_run_completes_once(
    pg_url: str,
    chain_sites: FixtureServer,
    tmp_path: Path,
    clock: Clock,
    env: dict[str, str],
    processes: Processes,
) -> None:
    import_firms(chain_sites, ["chain0"], ("en-US", "de-DE"), tmp_path, pg_url)
    worker = start_worker(processes, chain_sites, pg_url, concurrency=1)
    queue_runs(clock, env, pg_url, chain_sites)
    wait_for(
        lambda: any(status == "running" for row in runs(pg_url) for status, _, _ in row.locales.values()),
        what="a crawl to start",
    )
    wait_for(lambda: PAGE_LOADS.in_flight() > 0, what="a page load")
    (child,) = pool_children(worker)
    os.kill(child, signal.SIGKILL)  # mid-crawl: the main process requeues the task (reject on worker lost)

    (run,) = wait_until_closed(pg_url, 1, timeout=90)

    assert (run.status, run.judgements) == ("complete", 1), run.reason
    attempts = sorted(attempt for status, attempt, _ in run.locales.values())
    assert attempts == [1, 2], run.locales  # the killed locale was crawled again, by the new child
    assert all(status == "done" for status, _, _ in run.locales.values())
    processes.stop(worker, timeout=60)


def test_a_killed_worker_s_locales_are_finished_by_another_after_the_lease_expires(
    pg_url: str,
    chain_sites: FixtureServer,
    tmp_path: Path,
    clock: Clock,
    env: dict[str, str],
    processes: Processes,
) -> None:
    names = ["chain1", "chain2"]
    import_firms(chain_sites, names, LOCALES, tmp_path, pg_url)
    doomed = start_worker(processes, chain_sites, pg_url, concurrency=2)
    queue_runs(clock, env, pg_url, chain_sites)
    wait_for(
        lambda: (
            sum(status == "running" for row in runs(pg_url) for status, _, _ in row.locales.values()) == 2
        ),
        what="two crawls to start",
    )
    wait_for(lambda: PAGE_LOADS.in_flight() > 0, what="a page load")
    processes.kill_group(doomed)  # SIGKILL the main worker, its pool and its Chromium: no ack, no goodbye

    start_scheduler(processes, chain_sites, pg_url)  # it requeues the locales whose lease expired
    survivor = start_worker(processes, chain_sites, pg_url, concurrency=2)
    closed = wait_until_closed(pg_url, 2, timeout=120)

    assert sorted(row.firm for row in closed) == names
    for row in closed:
        assert (row.status, row.judgements) == ("complete", 1), row.reason
        assert sorted(row.locales) == sorted(LOCALES)
        assert all(status == "done" for status, _, _ in row.locales.values())
    retried = [attempt for row in closed for _, attempt, _ in row.locales.values() if attempt == 2]
    assert len(retried) == 2, [row.locales for row in closed]  # the two locales the dead worker held
    processes.stop(survivor, timeout=60)


def test_distributed_and_embedded_modes_store_the_same_report(
    pg_url: str,
    chain_sites: FixtureServer,
    tmp_path: Path,
    clock: Clock,
    env: dict[str, str],
    processes: Processes,
) -> None:
    import_firms(chain_sites, ["chain3"], LOCALES, tmp_path, pg_url)
    # No worker dies here: a lease long enough for a loaded machine's late renewals, as in test 1.
    worker = start_worker(processes, chain_sites, pg_url, concurrency=2, lease_s=30.0)
    queue_runs(clock, env, pg_url, chain_sites)
    wait_for(lambda: PAGE_LOADS.in_flight() > 0, what="a page load")
    processes.stop(worker, timeout=60)  # SIGTERM mid-crawl: a warm shutdown
    (stopped,) = runs(pg_url)
    statuses = sorted(status for status, _, _ in stopped.locales.values())
    assert "done" in statuses and "running" not in statuses  # crawls finished, the rest back in the queue
    start_worker(processes, chain_sites, pg_url, concurrency=2, lease_s=30.0)
    (run,) = wait_until_closed(pg_url, 1, timeout=90)
    assert run.status == "complete", run.reason
    assert not run.retried(), run.retried()  # none crawled twice
    embedded_db = f"sqlite:///{tmp_path / 'embedded.db'}"
    embedded_env = {name: value for name, value in env.items() if name != "SUPPORTCHECK_BROKER_URL"}
    crawled = supportcheck(
        "crawl", str(tmp_path / "firms.yaml"), *CRAWL_OPTIONS, "--host-resolver-rules",
        chain_sites.host_resolver_rules, "--db", embedded_db, env=embedded_env,
    )  # fmt: skip
    assert crawled.returncode == 0, crawled.stderr

    distributed = judged_reports(pg_url)["chain3"]
    assert comparable(distributed) == comparable(judged_reports(embedded_db)["chain3"])
    assert distributed["score"] is not None and len(distributed["locales"]) == 3  # type: ignore[arg-type]


VOLATILE = {
    "started_at",
    "finished_at",
    "fetched_at",
    "elapsed_ms",
    "timings",
    "browser",
    "screenshot",
    "screenshot_path",
}


def comparable(value: object) -> object:
    """The report without what differs between any two crawls (times, durations, screenshot files)."""
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items() if key not in VOLATILE}
    if isinstance(value, list):
        return [comparable(item) for item in value]
    return value


def test_serve_sends_a_scan_asked_through_the_api_to_the_workers_and_shows_its_stored_screenshots(
    pg_url: str,
    chain_sites: FixtureServer,
    tmp_path: Path,
    processes: Processes,
) -> None:
    config = tmp_path / "firms.yaml"
    config.write_text(
        f"name: chain6\nurl: {chain_sites.entry_url('chain6')}\n"
        f"settings: {{max_pages: 2, page_timeout_s: 5, check_app_stores: false,"
        f" host_resolver_rules: '{chain_sites.host_resolver_rules}'}}\n",
        encoding="utf-8",
    )
    assert supportcheck("firms", "import", str(config), "--db", pg_url).returncode == 0
    with open_store(pg_url)() as session:
        secret = create_token(session, "test", ("read", "write")).secret
    start_worker(processes, chain_sites, pg_url, concurrency=1)
    port = _free_port()
    processes.start("serve", "--port", str(port), "--public-read", "--db", pg_url)
    base = f"http://127.0.0.1:{port}"
    wait_for(lambda: _reachable(f"{base}/api/v1/openapi.json"), what="the server to answer")
    headers = {"Authorization": f"Bearer {secret}"}
    asked = httpx.post(f"{base}/api/v1/firms/chain6/scans", headers=headers, timeout=10)
    assert (asked.status_code, asked.json()["run_status"]) == (202, "queued"), asked.text

    (run,) = wait_until_closed(pg_url, 1, timeout=90)

    assert run.status == "complete" and list(run.locales) == ["en-US"], run.reason  # crawled as a unit
    with open_store(pg_url)() as session:
        shots = session.scalars(select(Screenshot)).all()
        assert shots and session.scalar(select(func.count()).select_from(Blob)) == len(
            {s.sha256 for s in shots}
        )
    assert not (tmp_path / "data" / "screenshots").exists()  # in the database, not on this machine's disk
    shown = httpx.get(f"{base}/screenshots/{shots[0].sha256}", timeout=10)
    assert (shown.status_code, shown.headers["content-type"]) == (200, "image/jpeg")
    assert shown.content[:2] == b"\xff\xd8"
