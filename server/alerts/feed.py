"""Reading what was recorded: the changes feed across firms (with filters) and the alert deliveries
that failed, for the dashboard and the API alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from server.store.models import AlertChannel, AlertMessage, ChangeEvent, Firm


@dataclass(frozen=True)
class FeedFilter:
    """Which changes to show; empty fields do not filter."""

    firm: str = ""  # slug
    locale: str = ""
    kind: str = ""  # one of CHANGE_KINDS
    rule: str = ""
    tag: str = ""  # key=value
    since: datetime | None = None


def _filtered(query: Select[ChangeEvent], wanted: FeedFilter) -> Select[ChangeEvent]:
    if wanted.firm:
        query = query.where(Firm.slug == wanted.firm)
    if wanted.locale:
        query = query.where(ChangeEvent.locale == wanted.locale)
    if wanted.kind:
        query = query.where(ChangeEvent.kind == wanted.kind)
    if wanted.rule:
        query = query.where(ChangeEvent.rule == wanted.rule)
    if wanted.since is not None:
        query = query.where(ChangeEvent.detected_at >= wanted.since)
    if wanted.tag:
        key, _, value = wanted.tag.partition("=")
        query = query.where(Firm.tags[key].as_string() == value)
    return query


def change_feed(
    session: Session, wanted: FeedFilter, limit: int, offset: int = 0
) -> tuple[list[ChangeEvent], int]:
    """The changes ``wanted`` selects, newest evidence first, and how many there are in all."""
    base = _filtered(select(ChangeEvent).join(Firm, Firm.id == ChangeEvent.firm_id), wanted)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    page = session.scalars(
        base.options(joinedload(ChangeEvent.firm))
        .order_by(ChangeEvent.detected_at.desc(), ChangeEvent.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(page), total


def failed_deliveries(session: Session, limit: int, offset: int = 0) -> tuple[list[AlertMessage], int]:
    """Messages given up on, and those still being retried after an error; newest first."""
    troubled = select(AlertMessage).where(
        (AlertMessage.status == "failed") | ((AlertMessage.status == "pending") & (AlertMessage.attempts > 0))
    )
    total = session.scalar(select(func.count()).select_from(troubled.subquery())) or 0
    page = session.scalars(
        troubled.options(joinedload(AlertMessage.channel).joinedload(AlertChannel.firm))
        .order_by(AlertMessage.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(page), total


def retry_delivery(session: Session, message_id: int, now: datetime) -> bool:
    """Sends a failed message again at the next tick, with a fresh count of attempts. The caller commits."""
    message = session.get(AlertMessage, message_id)
    if message is None or message.status != "failed":
        return False
    message.status, message.attempts, message.next_attempt_at = "pending", 0, now
    return True
