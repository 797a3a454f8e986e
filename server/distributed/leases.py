"""A lease per (run, locale) in the database: who crawls a locale is decided here, never by the broker.

Each operation is one compare-and-set, so a task delivered twice, a late redelivery and a retry
sent by the scheduler all meet the same row, and only one of them crawls:

- :func:`claim` takes a ``queued`` row, or a ``running`` one whose lease expired, and counts the
  attempt; a row that is ``done`` or ``failed`` is settled and a live lease is someone else's;
- :func:`renew` extends the holder's lease while it crawls;
- :func:`store_done` stores the locale's snapshots and screenshots in the transaction that checks
  the lease is still the caller's; :func:`fail` settles a locale that failed for good;
- :func:`settled` says whether every locale of a run is settled, so the run may close.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import ColumnElement, case, func, literal, select, update
from sqlalchemy.orm import Session

from server.store._blobs import StoredFile
from server.store.errors import LeaseLost
from server.store.models import RunLocale

SETTLED = ("done", "failed")


class ClaimOutcome(Enum):
    CLAIMED = "claimed"
    HELD = "held"  # another worker holds a live lease
    SETTLED = "settled"  # done or failed already: nothing to do
    EXHAUSTED = "exhausted"  # its attempts are used up: failed for good now
    GONE = "gone"  # the run was deleted


@dataclass(frozen=True)
class Claim:
    outcome: ClaimOutcome
    attempt: int = 0
    held_for_s: float = 0.0  # with HELD: seconds left on the other worker's lease


def _row(session: Session, run_id: int, locale: str) -> RunLocale | None:
    query = select(RunLocale).where(RunLocale.run_id == run_id, RunLocale.locale == locale)
    return session.scalar(query.execution_options(populate_existing=True))


def _lease_expired(now: datetime) -> ColumnElement[bool]:
    """A running locale whose holder stopped renewing its lease (it died or stalled)."""
    return (RunLocale.status == "running") & (RunLocale.lease_expires_at < now)


def _claimable(now: datetime) -> ColumnElement[bool]:
    return (RunLocale.status == "queued") | _lease_expired(now)


def _reason_taken_over(now: datetime) -> ColumnElement[str]:
    """Why the attempt before this claim ended, when its holder's lease ran out (it died or stalled).

    A released lease already says why; an expired one would otherwise leave no trace of the lost attempt.
    """
    holder = func.coalesce(RunLocale.lease_owner, "")
    said = literal("the lease of ") + holder + literal(f" expired; taken over at {now:%H:%M:%S} UTC")
    return case((_lease_expired(now), said), else_=RunLocale.status_reason)


def claim(
    session: Session, run_id: int, locale: str, owner: str, now: datetime, lease: timedelta, max_attempts: int
) -> Claim:
    """Takes the locale's lease for ``owner`` if it is free, and commits."""
    taken = session.execute(
        update(RunLocale)
        .where(RunLocale.run_id == run_id, RunLocale.locale == locale, _claimable(now))
        .where(RunLocale.attempt < max_attempts)
        .values(
            status="running",
            lease_owner=owner,
            lease_expires_at=now + lease,
            attempt=RunLocale.attempt + 1,
            started_at=now,
            status_reason=_reason_taken_over(now),
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    row = _row(session, run_id, locale)
    if row is None:
        return Claim(ClaimOutcome.GONE)
    if getattr(taken, "rowcount", 0) == 1:
        return Claim(ClaimOutcome.CLAIMED, row.attempt)
    if row.status in SETTLED:
        return Claim(ClaimOutcome.SETTLED, row.attempt)
    if row.status == "running" and row.lease_expires_at is not None and row.lease_expires_at >= now:
        return Claim(ClaimOutcome.HELD, row.attempt, (row.lease_expires_at - now).total_seconds())
    reason = f"gave up after {row.attempt} attempt(s): {row.status_reason or 'its workers died'}"
    return Claim(
        ClaimOutcome.EXHAUSTED if fail(session, run_id, locale, None, reason, now) else ClaimOutcome.SETTLED,
        row.attempt,
    )


def renew(session: Session, run_id: int, locale: str, owner: str, now: datetime, lease: timedelta) -> bool:
    """Extends ``owner``'s lease; False when it no longer holds it (it was called dead)."""
    renewed = session.execute(
        update(RunLocale)
        .where(RunLocale.run_id == run_id, RunLocale.locale == locale)
        .where(RunLocale.lease_owner == owner, RunLocale.status == "running")
        .values(lease_expires_at=now + lease)
    )
    session.commit()
    return getattr(renewed, "rowcount", 0) == 1


def store_done(
    session: Session,
    run_id: int,
    locale: str,
    owner: str,
    now: datetime,
    snapshots_zlib: bytes,
    screenshots: Mapping[str, StoredFile],
    browser_version: str,
) -> None:
    """Settles the locale as ``done`` with what it produced, in the caller's transaction, and commits.

    Raises:
        LeaseLost: ``owner`` no longer holds the lease (another worker took the locale over).
    """
    stored = session.execute(
        update(RunLocale)
        .where(RunLocale.run_id == run_id, RunLocale.locale == locale)
        .where(RunLocale.lease_owner == owner, RunLocale.status == "running")
        .values(
            status="done",
            lease_expires_at=None,
            finished_at=now,
            snapshots_zlib=snapshots_zlib,
            browser_version=browser_version[:64],
            screenshots={
                source: {"path": file.path, "sha256": file.sha256, "size": file.size}
                for source, file in screenshots.items()
            },
        )
    )
    if getattr(stored, "rowcount", 0) != 1:
        session.rollback()
        raise LeaseLost(f"run {run_id} {locale} is no longer held by {owner}: another worker took it over")
    session.commit()


def release(session: Session, run_id: int, locale: str, owner: str, reason: str) -> None:
    """Gives ``owner``'s lease back (queued again at once), after a failure worth another try."""
    session.execute(
        update(RunLocale)
        .where(RunLocale.run_id == run_id, RunLocale.locale == locale)
        .where(RunLocale.lease_owner == owner, RunLocale.status == "running")
        .values(status="queued", lease_owner=None, lease_expires_at=None, status_reason=reason[:1000])
    )
    session.commit()


def fail(session: Session, run_id: int, locale: str, owner: str | None, reason: str, now: datetime) -> bool:
    """Settles the locale as ``failed`` (held by ``owner``, or unsettled when None); commits.

    Returns whether this call settled it.
    """
    query = update(RunLocale).where(
        RunLocale.run_id == run_id, RunLocale.locale == locale, RunLocale.status.not_in(SETTLED)
    )
    if owner is not None:
        query = query.where(RunLocale.lease_owner == owner)
    failed = session.execute(
        query.values(status="failed", status_reason=reason[:1000], lease_expires_at=None, finished_at=now)
    )
    session.commit()
    return getattr(failed, "rowcount", 0) == 1


def settled(session: Session, run_id: int) -> bool:
    """Whether every locale of the run is ``done`` or ``failed`` (and it has any)."""
    counts = session.execute(
        select(func.count(), func.count().filter(RunLocale.status.in_(SETTLED))).where(
            RunLocale.run_id == run_id
        )
    ).one()
    session.rollback()  # a read: end the transaction so no snapshot is held
    return bool(counts[0]) and counts[0] == counts[1]
