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


class RunInProgress(StoreError):
    """The firm already has a queued or running run; the database allows one at a time per firm."""

    def __init__(self, firm_name: str, run_id: int | None) -> None:
        self.run_id = run_id
        which = f"run {run_id}" if run_id is not None else "a run"
        super().__init__(f"{which} of {firm_name} is queued or running: wait for it to finish")


class LeaseLost(StoreError):
    """A worker's run was taken from it (its lease expired and it was called dead): its result is void."""
