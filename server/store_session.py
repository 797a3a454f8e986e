"""The store as a request sees it: one session per request, opened on first use, closed at its end.

The session factory is opened lazily, on the first request that needs the store, so that building
the app (the health check, the test suite) never creates or migrates a database by accident.
``SUPPORTCHECK_DATABASE_URL`` and ``SUPPORTCHECK_DATA_DIR`` in the app's config override the
environment variables of the same names.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import current_app, g
from sqlalchemy.orm import Session, sessionmaker

from server.store.db import data_dir, open_store

_EXTENSION_KEY = "supportcheck.store"
_opening = threading.Lock()


def _session_factory() -> sessionmaker[Session]:
    app = current_app
    factory: sessionmaker[Session] | None = app.extensions.get(_EXTENSION_KEY)
    if factory is None:
        with _opening:  # two first requests at once must not migrate the same SQLite file twice
            factory = app.extensions.get(_EXTENSION_KEY)
            if factory is None:
                factory = open_store(app.config.get("SUPPORTCHECK_DATABASE_URL") or None)
                app.extensions[_EXTENSION_KEY] = factory
    return factory


def store_session() -> Session:
    """The current request's session on the store."""
    if "store_session" not in g:
        g.store_session = _session_factory()()
    session: Session = g.store_session
    return session


def close_store_session(_error: BaseException | None = None) -> None:
    """Closes the request's session, if it opened one (registered as a teardown)."""
    session: Session | None = g.pop("store_session", None)
    if session is not None:
        session.close()


def store_data_dir() -> Path:
    """The data directory whose ``screenshots`` folder holds the stored screenshots."""
    configured = current_app.config.get("SUPPORTCHECK_DATA_DIR")
    return Path(configured) if configured else data_dir()
