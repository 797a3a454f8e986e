"""The run ledger on both backends: one active run per firm, claims under limits, dead runs reaped."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from rules.report.build import build_report
from server.schedule.ledger import Limits, claim_run, enqueue_run, reap_expired, renew_leases
from server.store.db import open_store
from server.store.errors import LeaseLost, RunInProgress
from server.store.models import Run, Snapshot
from server.store.writer import ensure_firm, finish_scan, start_run
from tests.store.scans import write_scan

NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    factory = open_store(database_url)
    yield factory
    factory.kw["bind"].dispose()


def _firms(sessions: sessionmaker[Session], *names: str) -> list[int]:
    with sessions() as session:
        ids = [ensure_firm(session, name, entry_urls=[f"https://{name}.example/"]).id for name in names]
        session.commit()
        return ids


def _queue(sessions: sessionmaker[Session], firm_id: int, site: str) -> int | None:
    with sessions() as session:
        run_id = enqueue_run(session, firm_id, site, NOW, due_at=NOW)
        session.commit()
        return run_id


def test_the_database_refuses_a_second_active_run_of_a_firm(sessions: sessionmaker[Session]) -> None:
    (firm_id,) = _firms(sessions, "acme")
    assert _queue(sessions, firm_id, "acme.example") is not None
    with sessions() as session, pytest.raises(IntegrityError):
        # Straight past every check in Python: only the partial unique index stands in the way.
        session.execute(insert(Run).values(firm_id=firm_id, status="running", started_at=NOW))
        session.commit()
    assert _queue(sessions, firm_id, "acme.example") is None  # ON CONFLICT DO NOTHING
    with sessions() as session:
        firm = ensure_firm(session, "acme")
        with pytest.raises(RunInProgress, match="queued or running"):
            start_run(session, firm)
        session.execute(insert(Run).values(firm_id=firm_id, status="complete", started_at=NOW))
        session.commit()  # finished runs are not limited
        assert session.scalar(select(func.count()).select_from(Run)) == 2


def test_claims_keep_the_per_site_and_global_limits(sessions: sessionmaker[Session]) -> None:
    firm_ids = _firms(sessions, "a1", "a2", "b1", "c1")
    sites = ["shared.example", "shared.example", "b.example", "c.example"]
    queued = [_queue(sessions, firm_id, site) for firm_id, site in zip(firm_ids, sites, strict=True)]
    limits = Limits(max_running=2, per_site=1)
    with sessions() as session:
        first = claim_run(session, "w1", NOW, LEASE, limits)
        second = claim_run(session, "w2", NOW, LEASE, limits)
        third = claim_run(session, "w3", NOW, LEASE, limits)
    assert (first, second, third) == (queued[0], queued[2], None)  # a2 waits for its site, c1 for a slot
    with sessions() as session:
        run = session.get(Run, first)
        assert run is not None and (run.status, run.lease_owner) == ("running", "w1")
        assert run.lease_expires_at == NOW + LEASE
        assert renew_leases(session, "w1", NOW + LEASE, LEASE) == 1


def test_a_run_whose_lease_expired_is_an_error_and_retried_up_to_the_limit(
    sessions: sessionmaker[Session],
) -> None:
    (firm_id,) = _firms(sessions, "acme")
    first = _queue(sessions, firm_id, "acme.example")
    later = NOW + LEASE + timedelta(seconds=1)
    with sessions() as session:
        assert claim_run(session, "dead-worker", NOW, LEASE, Limits()) == first
        assert reap_expired(session, NOW + LEASE - timedelta(seconds=1), max_attempts=2).errored == []
        reaped = reap_expired(session, later, max_attempts=2)
    assert reaped.errored == [first] and len(reaped.retried) == 1
    with sessions() as session:
        dead = session.get(Run, first)
        assert dead is not None and dead.status == "error"
        assert "dead-worker stopped renewing its lease" in dead.status_reason
        retry = session.get(Run, reaped.retried[0])
        assert retry is not None and (retry.status, retry.attempt, retry.due_at) == ("queued", 2, NOW)
        assert claim_run(session, "dead-again", later, LEASE, Limits()) == retry.id
        final = reap_expired(session, later + LEASE * 2, max_attempts=2)
    assert final.errored == [reaped.retried[0]] and final.retried == []  # attempt 2 of 2: no third


def test_a_worker_that_lost_its_lease_stores_nothing(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    (firm_id,) = _firms(sessions, "acme")
    run_id = _queue(sessions, firm_id, "acme.example")
    with sessions() as session:
        claim_run(session, "slow-worker", NOW, LEASE, Limits())
        reap_expired(session, NOW + LEASE * 2, max_attempts=1)  # called dead meanwhile
        run = session.get(Run, run_id)
        assert run is not None
        result = write_scan(tmp_path / "scan")
        with pytest.raises(LeaseLost):
            finish_scan(
                session,
                run,
                result,
                build_report(result),
                tmp_path / "data",
                tmp_path / "scan",
                "slow-worker",
            )
        session.expire_all()
        assert session.get(Run, run_id).status == "error"  # type: ignore[union-attr]
        assert session.scalar(select(func.count()).select_from(Snapshot)) == 0
