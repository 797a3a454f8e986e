"""What differs between the store's two databases, SQLite and PostgreSQL, in one place.

SQLAlchemy offers ``INSERT ... ON CONFLICT`` only through each dialect's own ``insert``; both
databases accept the same clause, so writers that must not fail when another process inserted
the same key first (a run, an alert, a rate window, a blob) take it from here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def dialect_insert(session: Session, table: Any) -> postgresql.Insert | sqlite.Insert:
    """``insert(table)`` of the session's database, which has ``on_conflict_do_*``."""
    return postgresql.insert(table) if is_postgresql(session) else sqlite.insert(table)
