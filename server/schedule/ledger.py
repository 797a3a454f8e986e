"""The run ledger: queue a run, claim one under a lease, renew leases, and call runs with dead workers dead.

Every operation is one short transaction whose outcome the database decides, so any number of
scheduler and worker processes can share one store:

- a run is queued with ``INSERT … ON CONFLICT DO NOTHING`` against the one-active-run index, so a
  firm that has a queued or running run gets no second one, whoever asks;
- a worker claims a run by compare-and-set (``UPDATE … WHERE status = 'queued'``); on PostgreSQL
  the candidate is picked ``FOR UPDATE SKIP LOCKED`` under a transaction-scoped advisory lock, so
  the global and per-site limits are counted exactly; on SQLite the database lock does the same;
- a run whose lease expired is set to ``error`` with the reason (compare-and-set on the lease it
  had, so a renewal that came first wins) and queued again as the next attempt, up to a limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Insert, func, select, update
from sqlalchemy.orm import Session

from checker.site import host_of, registrable_domain
from server.store.dialect import dialect_insert, is_postgresql
from server.store.models import ACTIVE_RUN, Run

CLAIM_LOCK_KEY = 0x5C_C1A1  # pg_advisory_xact_lock key that serialises claims (and only claims)
CLAIM_TRIES = 3


@dataclass(frozen=True)
class Limits:
    """How many runs may crawl at once: in all (None: no limit) and per registrable domain."""

    max_running: int | None = None
    per_site: int = 1


def site_of(entry_urls: list[str]) -> str:
    """The registrable domain a firm is crawled on, for the per-site limit ('' without a URL)."""
    return registrable_domain(host_of(entry_urls[0])) if entry_urls else ""


def _insert(session: Session) -> Insert:
    return dialect_insert(session, Run).on_conflict_do_nothing(
        index_elements=[Run.firm_id], index_where=ACTIVE_RUN
    )


def enqueue_run(
    session: Session, firm_id: int, site: str, now: datetime, *, due_at: datetime | None, attempt: int = 1
) -> int | None:
    """Adds a ``queued`` run of the firm in the current transaction; None if it has an active run."""
    statement = _insert(session).values(
        firm_id=firm_id, status="queued", started_at=now, due_at=due_at, attempt=attempt, site=site
    )
    return session.scalar(statement.returning(Run.id))


def _limits_hold(session: Session, site: str, limits: Limits) -> bool:
    """Whether the runs now running (the one just claimed included) stay within the limits."""
    running = select(func.count()).select_from(Run).where(Run.status == "running")
    if limits.max_running is not None and (session.scalar(running) or 0) > limits.max_running:
        return False
    return (session.scalar(running.where(Run.site == site)) or 0) <= limits.per_site


def _candidate(session: Session, limits: Limits) -> tuple[int, str] | None:
    busy_sites = (
        select(Run.site)
        .where(Run.status == "running")
        .group_by(Run.site)
        .having(func.count() >= limits.per_site)
    )
    query = (
        select(Run.id, Run.site)
        .where(Run.status == "queued", Run.site.not_in(busy_sites))
        .order_by(func.coalesce(Run.due_at, Run.created_at), Run.id)
        .limit(1)
    )
    if is_postgresql(session):
        query = query.with_for_update(skip_locked=True, of=Run)
    row = session.execute(query).first()
    return (row.id, row.site) if row is not None else None


def claim_run(session: Session, owner: str, now: datetime, lease: timedelta, limits: Limits) -> int | None:
    """Takes the oldest queued run the limits allow, sets it ``running`` under ``owner``'s lease.

    Returns the run's id, or None when nothing can be claimed now.
    """
    for _ in range(CLAIM_TRIES):
        if is_postgresql(session):
            session.execute(select(func.pg_advisory_xact_lock(CLAIM_LOCK_KEY)))
        candidate = _candidate(session, limits)
        if candidate is None:
            session.rollback()
            return None
        run_id, site = candidate
        taken = session.execute(
            update(Run)
            .where(Run.id == run_id, Run.status == "queued")
            .values(status="running", lease_owner=owner, lease_expires_at=now + lease, started_at=now)
        )
        # On SQLite the candidate was read before the write lock was taken: check again under it.
        if getattr(taken, "rowcount", 0) == 1 and _limits_hold(session, site, limits):
            session.commit()
            return run_id
        session.rollback()
    return None


def renew_leases(session: Session, owner: str, now: datetime, lease: timedelta) -> int:
    """Extends every lease ``owner`` holds on a running run; returns how many it still holds."""
    renewed = session.execute(
        update(Run)
        .where(Run.lease_owner == owner, Run.status == "running", Run.lease_expires_at.is_not(None))
        .values(lease_expires_at=now + lease)
    )
    session.commit()
    return int(getattr(renewed, "rowcount", 0))


@dataclass
class Reaped:
    """Runs called dead (their lease expired) and the retries queued for them."""

    errored: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)


def _expired(now: datetime) -> ColumnElement[bool]:
    return (Run.status == "running") & Run.lease_expires_at.is_not(None) & (Run.lease_expires_at < now)


def reap_expired(session: Session, now: datetime, max_attempts: int) -> Reaped:
    """Sets runs whose lease expired to ``error`` and queues each again, at most ``max_attempts`` in all."""
    query = select(
        Run.id, Run.firm_id, Run.attempt, Run.due_at, Run.site, Run.lease_owner, Run.lease_expires_at
    )
    query = query.where(_expired(now)).order_by(Run.id)
    if is_postgresql(session):
        query = query.with_for_update(skip_locked=True, of=Run)
    reaped = Reaped()
    for row in session.execute(query).all():
        retry = row.attempt < max_attempts
        reason = (
            f"the worker {row.lease_owner} stopped renewing its lease (it expired at "
            f"{row.lease_expires_at:%Y-%m-%d %H:%M:%S} UTC): it must have died; attempt {row.attempt} "
            f"of {max_attempts}" + (", retried" if retry else ", not retried")
        )
        taken = session.execute(
            update(Run)
            .where(Run.id == row.id, Run.status == "running", Run.lease_expires_at == row.lease_expires_at)
            .values(status="error", status_reason=reason, finished_at=now)
        )
        if getattr(taken, "rowcount", 0) != 1:
            continue
        reaped.errored.append(row.id)
        if retry:
            retried = enqueue_run(
                session, row.firm_id, row.site, now, due_at=row.due_at, attempt=row.attempt + 1
            )
            if retried is not None:
                reaped.retried.append(retried)
    session.commit()
    return reaped
