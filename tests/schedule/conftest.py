"""Scheduling tests run on the store's real SQLite file and throwaway PostgreSQL (``tests/store``)."""

from __future__ import annotations

from tests.store.conftest import (  # noqa: F401 - fixtures shared with the store tests
    backend,
    database_url,
    empty_database_url,
    postgres_server,
    postgres_template,
    sqlite_template,
)
