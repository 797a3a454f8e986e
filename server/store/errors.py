"""What can go wrong in the store, as exceptions whose message a user can act on."""

from __future__ import annotations


class StoreError(RuntimeError):
    """A store operation that cannot be done; the CLI prints the message on one line."""


class StoreNotMigrated(StoreError):
    """The database exists but its schema is not the one this version of supportcheck expects."""


class ReportImportError(StoreError):
    """A file given to ``supportcheck import`` is not a readable ``supportcheck.report/v1`` report."""


class NotFound(StoreError):
    """A run or judgement id that is not in the store."""
