"""The migrations build exactly the schema the models describe, and the store opens safely."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from server.api import ratelimit  # noqa: F401 - and the rate limits
from server.auth import models as auth_models  # noqa: F401 - its tables are part of the schema too
from server.evidence import models as evidence_models  # noqa: F401 - and the evidence table
from server.store.db import database_url, make_engine, open_store, upgrade
from server.store.errors import StoreNotMigrated
from server.store.models import Base

HEAD = "0009"


def test_migrated_schema_matches_the_models(empty_database_url: str) -> None:
    assert upgrade(empty_database_url) == HEAD
    engine = make_engine(empty_database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_upgrade_twice_is_harmless(empty_database_url: str) -> None:
    assert upgrade(empty_database_url) == upgrade(empty_database_url) == HEAD


@pytest.mark.parametrize("backend", ["sqlite"])
def test_sqlite_is_migrated_on_first_use(empty_database_url: str) -> None:
    with open_store(empty_database_url)() as session:
        assert session.execute(text("SELECT count(*) FROM firms")).scalar_one() == 0


@pytest.mark.parametrize("backend", ["postgresql"])
def test_postgresql_must_be_migrated_on_purpose(empty_database_url: str) -> None:
    with pytest.raises(StoreNotMigrated, match="supportcheck db upgrade"):
        open_store(empty_database_url)


def test_default_database_is_a_sqlite_file_in_the_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SUPPORTCHECK_DATABASE_URL", raising=False)
    monkeypatch.setenv("SUPPORTCHECK_DATA_DIR", str(tmp_path / "data"))
    assert database_url() == f"sqlite:///{tmp_path / 'data' / 'supportcheck.db'}"
    monkeypatch.setenv("SUPPORTCHECK_DATABASE_URL", "postgresql+psycopg://u@db/supportcheck")
    assert database_url() == "postgresql+psycopg://u@db/supportcheck"


def test_sqlite_enforces_foreign_keys_and_uses_wal(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'store.db'}")() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
