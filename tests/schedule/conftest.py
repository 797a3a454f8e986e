"""Scheduling tests run on the store's real SQLite file and throwaway PostgreSQL (``tests/store``),
with real ``supportcheck`` processes on a clock the tests move (``tests/schedule/processes.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.schedule.processes import Clock, Processes, process_env
from tests.store.conftest import (  # noqa: F401 - fixtures shared with the store tests
    backend,
    database_url,
    empty_database_url,
    postgres_server,
    postgres_template,
    sqlite_template,
)


@pytest.fixture
def clock(tmp_path: Path) -> Clock:
    return Clock(tmp_path / "clock")


@pytest.fixture
def env(clock: Clock, tmp_path: Path) -> dict[str, str]:
    """The environment of the test's processes (the distributed tests add a broker and a database)."""
    return process_env(clock, tmp_path)


@pytest.fixture
def processes(env: dict[str, str], tmp_path: Path) -> Iterator[Processes]:
    started = Processes(env, tmp_path / "logs")
    yield started
    started.close()
