"""``supportcheck serve`` runs the scheduler and a local worker beside the dashboard; two of them on
one PostgreSQL queue each due run once (pa11y-dashboard's replicas each ran their own cron); a scan
asked for through its API goes to the ledger and its own worker crawls it."""

from __future__ import annotations

import socket
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from server.auth.accounts import create_token
from server.store.db import open_store
from server.store.models import Run, Snapshot
from tests.schedule.processes import Clock, Processes, supportcheck, wait_for
from tests.sites import FixtureServer

HOUR = 3600
FIRMS = 40


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _runs(database_url: str) -> list[Run]:
    with open_store(database_url)() as session:
        return list(session.scalars(select(Run).order_by(Run.id)))


@pytest.mark.parametrize("backend", ["postgresql"])
def test_two_servers_on_one_postgresql_queue_each_due_run_once(
    database_url: str, tmp_path: Path, clock: Clock, processes: Processes
) -> None:
    config = tmp_path / "firms.yaml"
    firms = "\n".join(f"  - {{name: Firm {n}, url: 'https://firm{n}.example/'}}" for n in range(FIRMS))
    config.write_text(f"firms:\n{firms}\ndefaults:\n  schedule: {{cron: '0 * * * *'}}\n", encoding="utf-8")
    assert supportcheck("firms", "import", str(config), "--db", database_url).returncode == 0
    servers = [
        processes.start("serve", "--port", str(_free_port()), "--no-worker", "--db", database_url)
        for _ in range(2)
    ]
    clock.set(HOUR)
    wait_for(lambda: len(_runs(database_url)) >= FIRMS, timeout=60, what=f"{FIRMS} queued runs")
    clock.set(HOUR + 1)
    wait_for(lambda: all(server.poll() is None for server in servers), what="both servers to be up")
    for server in servers:
        processes.kill_group(server)
    runs = _runs(database_url)
    assert len(runs) == FIRMS and set(Counter(run.firm_id for run in runs).values()) == {1}


@pytest.mark.browser
def test_serve_crawls_a_due_firm_on_its_local_worker(
    sites: FixtureServer, tmp_path: Path, clock: Clock, processes: Processes
) -> None:
    database_url = f"sqlite:///{tmp_path / 'data' / 'supportcheck.db'}"
    config = tmp_path / "firms.yaml"
    config.write_text(
        f"name: Acme\nurl: {sites.entry_url('acme')}\nschedule: {{cron: '0 * * * *'}}\n"
        f"settings: {{max_pages: 3, page_timeout_s: 5, check_app_stores: false,"
        f" host_resolver_rules: '{sites.host_resolver_rules}'}}\n",
        encoding="utf-8",
    )
    assert supportcheck("firms", "import", str(config), "--db", database_url).returncode == 0
    server = processes.start("serve", "--port", str(_free_port()))  # the embedded default: SQLite
    clock.set(HOUR)
    wait_for(
        lambda: [run.status for run in _runs(database_url)] == ["complete"],
        timeout=120,
        what="a complete run",
    )
    processes.kill_group(server)
    with open_store(database_url)() as session:
        assert session.scalars(select(Snapshot.locale)).all() == ["en-US"]


@pytest.mark.browser
def test_a_scan_asked_through_the_api_is_crawled_by_serves_worker(
    sites: FixtureServer, tmp_path: Path, processes: Processes
) -> None:
    database_url = f"sqlite:///{tmp_path / 'data' / 'supportcheck.db'}"
    config = tmp_path / "firms.yaml"
    config.write_text(
        f"name: Acme\nurl: {sites.entry_url('acme')}\n"
        f"settings: {{max_pages: 3, page_timeout_s: 5, check_app_stores: false,"
        f" host_resolver_rules: '{sites.host_resolver_rules}'}}\n",
        encoding="utf-8",
    )
    assert supportcheck("firms", "import", str(config), "--db", database_url).returncode == 0
    with open_store(database_url)() as session:
        secret = create_token(session, "test", ("read", "write")).secret
    port = _free_port()
    processes.start("serve", "--port", str(port))
    base = f"http://127.0.0.1:{port}/api/v1"
    wait_for(lambda: _reachable(f"{base}/openapi.json"), what="the server to answer")
    headers = {"Authorization": f"Bearer {secret}"}
    asked = httpx.post(f"{base}/firms/acme/scans", headers=headers, timeout=10)
    assert asked.status_code == 202, asked.text
    assert (asked.json()["status"], asked.json()["run_status"]) == ("running", "queued")
    run_url = asked.headers["Location"]
    busy = httpx.post(f"{base}/firms/acme/scans", headers=headers, timeout=10)
    assert busy.status_code == 409  # queued or crawling: one at a time, the ledger says so
    wait_for(
        lambda: httpx.get(run_url, headers=headers, timeout=10).json()["status"] == "complete",
        timeout=120,
        what="the worker to complete the run",
    )
    [run] = _runs(database_url)
    assert run.due_at is None and run.lease_owner is not None  # asked for, and claimed by a worker


def _reachable(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
