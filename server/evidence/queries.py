"""Reads about evidence that other pages need, each one statement."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.evidence.models import Evidence


def pending_evidence(session: Session, firm_id: int) -> int:
    """How many pieces of the firm's evidence wait for a reviewer."""
    count = session.scalar(
        select(func.count())
        .select_from(Evidence)
        .where(Evidence.firm_id == firm_id, Evidence.status == "pending")
    )
    return int(count or 0)
