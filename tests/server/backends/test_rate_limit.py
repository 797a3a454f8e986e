"""The per-token budget of the extension's calls is counted in the store: server processes on one
database share it, on SQLite and PostgreSQL alike (the store tests' databases, both backends)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import create_app
from server.api.ratelimit import RateWindow, take
from server.store.db import open_store
from tests.server.conftest import bearer
from tests.server.test_api_evidence import body


@pytest.fixture
def two_apps(database_url: str, tmp_path: Path) -> Iterator[tuple[Flask, Flask]]:
    """Two apps on one database, as two ``serve`` processes or two gunicorn workers would be."""
    config = {
        "TESTING": True,
        "SUPPORTCHECK_DATABASE_URL": database_url,
        "SUPPORTCHECK_DATA_DIR": str(tmp_path / "data"),
        "SUPPORTCHECK_JUDGE_PER_HOUR": 3,
    }
    apps = create_app(config), create_app(config)
    yield apps
    for app in apps:
        factory = app.extensions.get("supportcheck.store")
        if factory is not None:
            factory.kw["bind"].dispose()


def test_two_server_processes_share_one_tokens_budget(two_apps: tuple[Flask, Flask]) -> None:
    first, second = two_apps
    headers = bearer(first, "evidence", name="browser")
    clients = [first.test_client(), second.test_client()]
    statuses = [
        clients[n % 2].post("/api/v1/judge", json=body(), headers=headers).status_code for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    refused = clients[0].post("/api/v1/judge", json=body(), headers=headers)
    assert refused.status_code == 429 and refused.get_json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 3600
    # Another token, even one with the same name, has a budget of its own.
    namesake = bearer(first, "evidence", name="browser")
    assert clients[1].post("/api/v1/judge", json=body(), headers=namesake).status_code == 200


def test_concurrent_calls_from_two_stores_are_each_counted_once(database_url: str) -> None:
    stores = [open_store(database_url), open_store(database_url)]
    allowed: list[bool] = []
    lock = threading.Lock()

    def call(store_index: int) -> None:
        with stores[store_index]() as own_session:
            for _ in range(15):
                result = take(own_session, "evidence", "token:7", 40, now=7300.0) is None
                with lock:
                    allowed.append(result)

    threads = [threading.Thread(target=call, args=(n % 2,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.kw["bind"].dispose()
    assert len(allowed) == 60 and allowed.count(True) == 40


def test_a_new_window_restores_the_budget_and_forgets_the_old_one(session: Session) -> None:
    assert [take(session, "judge", "token:1", 2, now=7300.0) for _ in range(3)] == [None, None, 3500.0]
    assert take(session, "evidence", "token:1", 2, now=7300.0) is None  # budgets are apart
    assert take(session, "judge", "token:1", 2, now=10_800.0) is None
    windows = session.execute(select(RateWindow.budget, RateWindow.window_start, RateWindow.calls)).all()
    assert sorted(windows) == [("evidence", 7200, 1), ("judge", 10_800, 1)]
