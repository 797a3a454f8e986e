"""Store fixtures: every store test runs on a real SQLite file and a real PostgreSQL database.

PostgreSQL comes from ``$SUPPORTCHECK_TEST_POSTGRES_URL`` (a server on which that user may create
databases) or else from a throwaway cluster started here. With neither, the PostgreSQL cases skip
and say why, except under CI (``$CI`` set), where they fail: CI must run them.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from rules.report.build import build_report
from server.store.db import open_store, upgrade
from server.store.models import Run
from server.store.writer import save_scan
from tests.store.postgres import find_bindir, throwaway_cluster
from tests.store.scans import write_scan

POSTGRES_URL_ENV = "SUPPORTCHECK_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a PostgreSQL server for the session (its maintenance database)."""
    configured = os.environ.get(POSTGRES_URL_ENV)
    if configured:
        yield configured
        return
    bindir = find_bindir()
    if bindir is None:
        reason = (
            "PostgreSQL store tests need PostgreSQL: no initdb in /usr/lib/postgresql/*/bin or on PATH "
            f"(run scripts/setup.sh as root to install Debian's postgresql, or set {POSTGRES_URL_ENV})"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with throwaway_cluster(bindir) as url:
        yield url


def _database_url(server_url: str, name: str) -> str:
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def _admin(server_url: str, statement: str) -> None:
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def postgres_template(postgres_server: str) -> Iterator[str]:
    """A database migrated once; each test gets a copy, which is much faster than migrating."""
    name = f"supportcheck_template_{uuid.uuid4().hex[:8]}"
    _admin(postgres_server, f"CREATE DATABASE {name}")
    upgrade(_database_url(postgres_server, name))
    yield name
    _admin(postgres_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "store.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def empty_database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new database with no tables, on the backend under test."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    name = f"supportcheck_test_{uuid.uuid4().hex[:12]}"
    _admin(server, f"CREATE DATABASE {name}")
    yield _database_url(server, name)
    _admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database of its own for one test, on the backend under test."""
    if backend == "sqlite":
        path = tmp_path / "store.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    server = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("postgres_template")
    name = f"supportcheck_test_{uuid.uuid4().hex[:12]}"
    _admin(server, f"CREATE DATABASE {name} TEMPLATE {template}")
    yield _database_url(server, name)
    _admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    sessions = open_store(database_url)
    with sessions() as opened:
        yield opened
    sessions.kw["bind"].dispose()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


SaveScan = Callable[..., Run]


@pytest.fixture
def save(session: Session, data_dir: Path, tmp_path: Path) -> SaveScan:
    """Writes a scan folder (options: ``tests.store.scans.write_scan``), judges it and stores it."""
    folders = iter(range(1_000_000))

    def save_one(firm: str = "Acme", **options: Any) -> Run:
        scan_dir = tmp_path / f"scan-{next(folders)}"
        result = write_scan(scan_dir, firm, **options)
        return save_scan(session, firm, result, build_report(result), data_dir, scan_dir)

    return save_one


class StatementCounter:
    """Counts the SQL statements a session's engine runs, to prove a query has no N+1."""

    def __init__(self, session: Session) -> None:
        self.engine = session.get_bind()
        self.count = 0

    def _count(self, *_args: Any) -> None:
        self.count += 1

    def __enter__(self) -> StatementCounter:
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)
