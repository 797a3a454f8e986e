"""Where the store lives and how to open it: database URL, engine, sessions and migrations.

SQLite is the embedded default (a file in the data directory, migrated on first use); PostgreSQL
is chosen by URL and migrated on purpose, with ``supportcheck db upgrade``, as a deployment step.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from server.store.errors import StoreNotMigrated

DATABASE_URL_ENV = "SUPPORTCHECK_DATABASE_URL"
DATA_DIR_ENV = "SUPPORTCHECK_DATA_DIR"
DEFAULT_DATA_DIR = "supportcheck-data"
DATABASE_FILE = "supportcheck.db"
SQLITE_LOCK_WAIT_S = 30
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def data_dir() -> Path:
    """The folder for the SQLite file and screenshots: ``$SUPPORTCHECK_DATA_DIR`` or ./supportcheck-data."""
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


def database_url(directory: Path | None = None) -> str:
    """``$SUPPORTCHECK_DATABASE_URL``, else the SQLite file in the data directory."""
    configured = os.environ.get(DATABASE_URL_ENV)
    if configured:
        return configured
    return f"sqlite:///{(directory or data_dir()).resolve() / DATABASE_FILE}"


def display_url(url: str) -> str:
    """The URL with its password hidden, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores foreign keys unless asked on each connection; WAL lets the dashboard read
    # while a scan writes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created and foreign keys are enforced."""
    if _is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # Schedulers and workers in several processes write to one file: wait for its lock
        # (each holds it for one short transaction) rather than fail after pysqlite's 5 s.
        engine = create_engine(url, connect_args={"timeout": SQLITE_LOCK_WAIT_S})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def _upgrade(engine: Engine) -> str:
    with engine.begin() as connection:
        config = _alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        return MigrationContext.configure(connection).get_current_revision() or ""


def upgrade(url: str) -> str:
    """Runs ``alembic upgrade head`` on ``url``; returns the revision the database is now at."""
    engine = make_engine(url)
    try:
        return _upgrade(engine)
    finally:
        engine.dispose()


def _is_current(engine: Engine) -> bool:
    head = ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


def open_store(url: str | None = None) -> sessionmaker[Session]:
    """A session factory for the store at ``url`` (default: :func:`database_url`).

    A SQLite database is migrated on first use, since it is the embedded single-user default. Any
    other database must have been migrated with ``supportcheck db upgrade``; if not, this raises
    :class:`StoreNotMigrated` instead of failing later on a missing table.
    """
    url = url or database_url()
    engine = make_engine(url)
    if not _is_current(engine):
        if not _is_sqlite(url):
            engine.dispose()
            raise StoreNotMigrated(
                f"the database {display_url(url)} is not at the current schema: "
                "run 'supportcheck db upgrade --db URL' first"
            )
        _upgrade(engine)
    return sessionmaker(engine, expire_on_commit=False)
