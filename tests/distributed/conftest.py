"""Distributed-mode fixtures: a real redis-server, a throwaway PostgreSQL, fixture firms on loopback,
and real ``supportcheck`` scheduler and Celery worker processes.

Without redis-server the tests skip and say why, except under CI (``$CI`` set), where they fail,
as the PostgreSQL store tests do.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.distributed.broker import RedisServer, find_redis
from tests.distributed.sites import CHAIN_FIRMS
from tests.schedule.conftest import clock, processes  # noqa: F401 - fixtures shared with the scheduling tests
from tests.schedule.processes import Clock, process_env
from tests.sites import FixtureServer
from tests.store.conftest import (  # noqa: F401 - fixtures shared with the store tests
    _admin,
    _database_url,
    postgres_server,
    postgres_template,
)

LOCALES = ("en-US", "de-DE", "it-IT")
HOUR = 3600


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    binary = find_redis()
    if binary is None:
        reason = "the distributed tests need redis-server (run scripts/setup.sh as root to install it)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    server = RedisServer(binary)
    server.start()
    yield server
    server.close()


@pytest.fixture
def pg_url(postgres_server: str, postgres_template: str) -> Iterator[str]:  # noqa: F811
    """A migrated PostgreSQL database of this test's own."""
    name = f"supportcheck_dist_{uuid.uuid4().hex[:12]}"
    _admin(postgres_server, f"CREATE DATABASE {name} TEMPLATE {postgres_template}")
    yield _database_url(postgres_server, name)
    _admin(postgres_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def chain_sites() -> Iterator[FixtureServer]:
    with FixtureServer(CHAIN_FIRMS) as server:
        yield server


@pytest.fixture
def env(clock: Clock, tmp_path: Path, redis_server: RedisServer, pg_url: str) -> dict[str, str]:  # noqa: F811
    """The scheduling tests' environment, switched to distributed mode."""
    return {
        **process_env(clock, tmp_path),
        "SUPPORTCHECK_BROKER_URL": redis_server.url,
        "SUPPORTCHECK_DATABASE_URL": pg_url,
    }
