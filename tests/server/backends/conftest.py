"""Server tests that run on the store's real SQLite file and throwaway PostgreSQL (``tests/store``):
what several server processes share through the store, and what a review writes to it."""

from __future__ import annotations

from tests.store.conftest import (  # noqa: F401 - fixtures shared with the store tests
    backend,
    data_dir,
    database_url,
    postgres_server,
    postgres_template,
    save,
    session,
    sqlite_template,
)
