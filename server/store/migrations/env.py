"""Alembic's entry point: migrates the connection ``server.store.db.upgrade`` hands over.

Run through :func:`server.store.db.upgrade` (``supportcheck db upgrade``), never with an ini file,
so an installed package can migrate its own database.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from server.store.models import Base


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with 'supportcheck db upgrade', which passes a connection")
_migrate(connection)
