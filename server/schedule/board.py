"""What the scheduler is doing, for the dashboard's queue view and ``GET /api/v1/queue``: runs waiting,
runs crawling (with how long they have been at it), and runs that failed recently."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from server.store.models import Run

RECENT_FAILURES = timedelta(days=7)
MAX_LISTED = 200


@dataclass(frozen=True)
class QueueBoard:
    """The ledger as of ``now``; each list oldest first except the failures, newest first."""

    now: datetime
    queued: list[Run]
    running: list[Run]
    failed: list[Run]

    def elapsed(self, run: Run) -> timedelta:
        """How long a running run has been crawling (since it was claimed)."""
        return max(self.now - run.started_at, timedelta(0))


def queue_board(session: Session, now: datetime) -> QueueBoard:
    """Queued and running runs, and the ``error`` runs of the last week (at most 200 of each)."""
    runs = select(Run).options(joinedload(Run.firm)).limit(MAX_LISTED)
    queued = session.scalars(runs.where(Run.status == "queued").order_by(Run.due_at, Run.created_at, Run.id))
    running = session.scalars(runs.where(Run.status == "running").order_by(Run.started_at, Run.id))
    failed = session.scalars(
        runs.where(Run.status == "error", Run.started_at >= now - RECENT_FAILURES).order_by(Run.id.desc())
    )
    return QueueBoard(now, list(queued), list(running), list(failed))
