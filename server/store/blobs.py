"""Where screenshots live: a small blob-store interface with a filesystem and a database backend.

The filesystem backend (the single-machine default) keeps files under the data directory, as
``server.store._blobs.store_screenshot`` always did. The database backend keeps the bytes in the
``blobs`` table, under the same content-addressed path, so that a screenshot taken by a worker on
one machine can be stored by the run's final task and shown by a dashboard on other machines.
``$SUPPORTCHECK_BLOB_STORE`` (``files`` or ``database``) chooses; distributed mode (a broker URL)
defaults to ``database``, the embedded mode to ``files``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.store._blobs import SCREENSHOT_DIR, StoredFile, store_screenshot
from server.store.dialect import dialect_insert
from server.store.models import Blob

BLOB_STORE_ENV = "SUPPORTCHECK_BLOB_STORE"
BLOB_BACKENDS = ("files", "database")


class BlobStore(Protocol):
    """Keeps a screenshot under its content-addressed path and returns where."""

    def put(self, session: Session, source: Path) -> StoredFile: ...


class FileBlobStore:
    """Screenshots as files under the data directory (one machine, or a shared volume)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def put(self, session: Session, source: Path) -> StoredFile:
        return store_screenshot(source, self.data_dir)


class DatabaseBlobStore:
    """Screenshots as rows of ``blobs``, written in the caller's transaction (so they commit with it)."""

    def put(self, session: Session, source: Path) -> StoredFile:
        content = source.read_bytes()
        digest = hashlib.sha256(content).hexdigest()
        path = f"{SCREENSHOT_DIR}/{digest[:2]}/{digest}{source.suffix.lower()}"
        if session.scalar(select(Blob.path).where(Blob.path == path)) is None:
            # Two workers may store the same picture at once (the same page seen from two locales):
            # the later insert does nothing, rather than fail the crawl that took the picture.
            session.execute(
                dialect_insert(session, Blob)
                .values(path=path, sha256=digest, size=len(content), content=content)
                .on_conflict_do_nothing(index_elements=[Blob.path])
            )
        return StoredFile(path, digest, len(content))


def blob_backend(distributed: bool) -> str:
    """``files`` or ``database``: ``$SUPPORTCHECK_BLOB_STORE``, else by the mode.

    Raises:
        ValueError: the variable names no known backend.
    """
    chosen = os.environ.get(BLOB_STORE_ENV) or ("database" if distributed else "files")
    if chosen not in BLOB_BACKENDS:
        raise ValueError(f"{BLOB_STORE_ENV}={chosen!r}: choose one of {', '.join(BLOB_BACKENDS)}")
    return chosen


def open_blob_store(data_dir: Path, distributed: bool) -> BlobStore:
    """The configured blob store (see :func:`blob_backend`)."""
    return DatabaseBlobStore() if blob_backend(distributed) == "database" else FileBlobStore(data_dir)


def database_blob(session: Session, path: str) -> bytes | None:
    """A screenshot's bytes from the ``blobs`` table (None when the database backend does not hold it)."""
    content = session.scalar(select(Blob.content).where(Blob.path == path))
    return None if content is None else bytes(content)
