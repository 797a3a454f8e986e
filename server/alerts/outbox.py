"""The outbox: messages are queued in the run's own database, then delivered, retried, or given up on.

Queueing is idempotent: one message per (channel, run), or per (recipient, week) for a digest,
and one more per judgement accepted evidence makes of the run (``revision``),
enforced by unique constraints, so a worker that queues twice (or two that race) adds one.
Delivery claims a message by moving its ``next_attempt_at`` on (compare-and-set), sends it
outside any transaction, then records the outcome; a failure is retried with exponential
backoff, up to ``max_attempts``, then ``failed``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Insert, select, update
from sqlalchemy.orm import Session

from server.alerts.changes import changes_of, channels_of, confirmed_events, for_channel
from server.alerts.message import Message, compose
from server.alerts.revisions import Revision, revision_of, told_before
from server.alerts.smtp import DEFAULT_FROM, MAIL_FROM_ENV, SMTP_URL_ENV, SmtpSender
from server.alerts.webhook import send_webhook
from server.store.dialect import dialect_insert, is_postgresql
from server.store.models import AlertChannel, AlertMessage, ChangeEvent, Firm, Run
from server.store.queries import STORED_STATUSES

LOG = logging.getLogger("supportcheck.alerts")
Sender = Callable[[AlertChannel, AlertMessage], None]
"""Delivers one message to its channel, or raises with the reason."""

CLAIM_FOR = timedelta(minutes=5)  # a deliverer that dies mid-send frees its message after this
FIRST_BACKOFF = timedelta(minutes=1)
MAX_ATTEMPTS = 8
BATCH = 50


def _insert(session: Session, digest: bool) -> Insert:
    unique = (
        [AlertMessage.recipient, AlertMessage.period_end]
        if digest
        else [AlertMessage.channel_id, AlertMessage.run_id, AlertMessage.revision]
    )
    return dialect_insert(session, AlertMessage).on_conflict_do_nothing(index_elements=unique)


def queue_alerts(
    session: Session, run_id: int, base_url: str, now: datetime, judged_again: int | None = None
) -> int:
    """Queues, for each channel of the firm and its tags, the recorded changes it should hear of now.

    A ``partial`` run alerts too, for the locales it crawled whole (``server.store.changes``).
    ``judged_again`` is the judgement accepted evidence made of the run: a channel then hears
    only what it was not told of the run before, and what no longer stands
    (``server.alerts.revisions``). Returns how many messages were added.
    """
    run = session.get(Run, run_id)
    if run is None or run.status not in STORED_STATUSES:
        return 0
    firm: Firm = run.firm
    confirmed: dict[int, list[ChangeEvent]] = {}
    added = 0
    for channel in channels_of(session, firm):
        if channel.confirm_runs not in confirmed:
            confirmed[channel.confirm_runs] = confirmed_events(session, firm.id, run.id, channel.confirm_runs)
        events = confirmed[channel.confirm_runs]
        chosen = for_channel(changes_of(events), channel)
        since = min((event.previous_run_id or run.id for event in events), default=run.id)
        revision: Revision | None = None
        if judged_again is not None:
            told = told_before(session, channel.id, run.id)
            revision = revision_of(chosen, told.changes, judged_again)
            chosen, since = revision.news, told.since_run_id or since
        if not chosen and (revision is None or not revision.withdrawn):
            continue  # nothing to tell (nothing new, nothing withdrawn)
        message = compose(firm, since, run.id, chosen, base_url, revision)
        number = revision.judgement_id if revision is not None else 0
        added += add_message(session, channel, message, now, run_id=run.id, revision=number)
    session.commit()
    return added


def add_message(
    session: Session,
    channel: AlertChannel,
    message: Message,
    now: datetime,
    *,
    run_id: int | None = None,
    period_end: datetime | None = None,
    revision: int = 0,
) -> bool:
    """Adds a pending message unless its (channel, run, revision) or (recipient, week) is queued
    already."""
    digest = period_end is not None
    queued = session.scalar(
        _insert(session, digest)
        .values(
            channel_id=channel.id,
            run_id=run_id,
            revision=revision,
            kind="digest" if digest else "change",
            recipient=f"{channel.kind}:{channel.target}" if digest else None,
            period_end=period_end,
            subject=message.subject,
            body=message.body,
            payload=message.payload,
            status="pending",
            attempts=0,
            next_attempt_at=now,
            last_error="",
        )
        .returning(AlertMessage.id)
    )
    return queued is not None


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def _claim(session: Session, now: datetime) -> list[int]:
    query = (
        select(AlertMessage.id, AlertMessage.next_attempt_at)
        .where(AlertMessage.status == "pending", AlertMessage.next_attempt_at <= now)
        .order_by(AlertMessage.next_attempt_at, AlertMessage.id)
        .limit(BATCH)
    )
    if is_postgresql(session):
        query = query.with_for_update(skip_locked=True)
    claimed = []
    for row in session.execute(query).all():
        moved = session.execute(
            update(AlertMessage)
            .where(AlertMessage.id == row.id, AlertMessage.next_attempt_at == row.next_attempt_at)
            .values(next_attempt_at=now + CLAIM_FOR)
        )
        if getattr(moved, "rowcount", 0) == 1:
            claimed.append(row.id)
    session.commit()
    return claimed


def deliver_due(
    session: Session, now: datetime, senders: Mapping[str, Sender], max_attempts: int = MAX_ATTEMPTS
) -> DeliveryReport:
    """Sends every pending message that is due; a dead endpoint costs one timeout per attempt, no more."""
    report = DeliveryReport()
    for message_id in _claim(session, now):
        message = session.get(AlertMessage, message_id)
        if message is None:
            continue
        attempts = message.attempts + 1
        try:
            senders[message.channel.kind](message.channel, message)
        except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
            reason = f"{type(error).__name__}: {str(error)[:300]}"
            gave_up = attempts >= max_attempts
            values = {
                "attempts": attempts,
                "last_error": reason,
                "status": "failed" if gave_up else "pending",
                "next_attempt_at": now + FIRST_BACKOFF * 2 ** (attempts - 1),
            }
            (report.failed if gave_up else report.retried).append(message_id)
            LOG.warning(
                "alert %d to %s: attempt %d failed: %s", message_id, message.channel.target, attempts, reason
            )
        else:
            values = {"attempts": attempts, "status": "sent", "sent_at": now, "last_error": ""}
            report.sent.append(message_id)
        session.execute(update(AlertMessage).where(AlertMessage.id == message_id).values(**values))
        session.commit()
    return report


def _no_smtp(channel: AlertChannel, message: AlertMessage) -> None:
    raise RuntimeError(f"no SMTP server to send e-mail through: set {SMTP_URL_ENV}")


def senders_from_env() -> dict[str, Sender]:
    """The senders ``$SUPPORTCHECK_SMTP_URL`` and ``$SUPPORTCHECK_MAIL_FROM`` configure.

    Raises:
        ValueError: the SMTP URL is not one.
    """
    smtp_url = os.environ.get(SMTP_URL_ENV)
    email = SmtpSender(smtp_url, os.environ.get(MAIL_FROM_ENV) or DEFAULT_FROM) if smtp_url else _no_smtp
    return {"email": email, "webhook": send_webhook}
