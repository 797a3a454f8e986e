"""The (run, locale) lease, the blob store and the Celery settings, without processes (fast)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from checker.appstores.endpoints import StoreEndpoints
from checker.crawl import DEADLINE_GRACE_S
from checker.job import CrawlSettings, ScanRequest
from checker.locales import resolve_locale
from checker.snapshot import LocaleSnapshots
from server.distributed.app import app
from server.distributed.finish import finish_run
from server.distributed.leases import ClaimOutcome, claim, fail, renew, settled, store_done
from server.distributed.settings import MAX_DEADLINE_S, VISIBILITY_TIMEOUT_S, time_limits
from server.distributed.units import units_of
from server.store._blobs import StoredFile, pack_json
from server.store.blobs import DatabaseBlobStore, FileBlobStore, blob_backend, database_blob
from server.store.db import open_store
from server.store.errors import LeaseLost
from server.store.models import Blob, Run, RunLocale, Snapshot
from server.store.writer import ensure_firm
from tests.schedule.processes import wait_for

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    sessions = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    with sessions() as opened:
        firm = ensure_firm(opened, "Acme", entry_urls=["https://www.acme.test/"])
        run = Run(firm=firm, started_at=NOW, status="running", lease_owner="distributed")
        opened.add(run)
        opened.flush()
        for locale in ("en-US", "de-DE"):
            opened.add(RunLocale(run_id=run.id, locale=locale, unit={}))
        opened.commit()
        yield opened
    sessions.kw["bind"].dispose()


def test_a_held_locale_is_not_claimed_twice_until_its_lease_expires(session: Session) -> None:
    assert claim(session, 1, "en-US", "a", NOW, LEASE, 3).outcome is ClaimOutcome.CLAIMED
    assert session.scalar(select(RunLocale.status_reason).where(RunLocale.locale == "en-US")) == ""
    again = claim(session, 1, "en-US", "b", NOW + timedelta(seconds=10), LEASE, 3)
    assert (again.outcome, again.held_for_s) == (ClaimOutcome.HELD, 20.0)
    assert renew(session, 1, "en-US", "a", NOW + timedelta(seconds=20), LEASE)  # a is alive: 50 s now
    assert claim(session, 1, "en-US", "b", NOW + timedelta(seconds=40), LEASE, 3).outcome is ClaimOutcome.HELD
    taken = claim(session, 1, "en-US", "b", NOW + timedelta(seconds=51), LEASE, 3)
    assert (taken.outcome, taken.attempt) == (ClaimOutcome.CLAIMED, 2)
    reason = session.scalar(select(RunLocale.status_reason).where(RunLocale.locale == "en-US"))
    assert reason == "the lease of a expired; taken over at 12:00:51 UTC"  # the lost attempt leaves a trace
    assert not renew(session, 1, "en-US", "a", NOW + timedelta(seconds=52), LEASE)  # a was called dead
    with pytest.raises(LeaseLost):
        store_done(session, 1, "en-US", "a", NOW, b"", {}, "")  # a's late result is not stored
    store_done(session, 1, "en-US", "b", NOW, b"x", {}, "1.0")
    assert claim(session, 1, "en-US", "c", NOW, LEASE, 3).outcome is ClaimOutcome.SETTLED  # a redelivery


def test_a_locale_out_of_attempts_fails_for_good_and_the_run_is_settled(session: Session) -> None:
    for attempt in range(3):
        assert (
            claim(session, 1, "de-DE", f"w{attempt}", NOW + attempt * 2 * LEASE, LEASE, 3).attempt
            == attempt + 1
        )
    assert claim(session, 1, "de-DE", "w4", NOW + 6 * LEASE, LEASE, 3).outcome is ClaimOutcome.EXHAUSTED
    assert not settled(session, 1)  # en-US is still queued
    assert fail(session, 1, "en-US", None, "the crawl outlived its time limit", NOW)
    assert settled(session, 1)


def test_the_database_blob_store_keeps_a_picture_once_for_every_machine(
    session: Session, tmp_path: Path
) -> None:
    picture = tmp_path / "001.jpg"
    picture.write_bytes(b"\xff\xd8 not really a jpeg")
    stored = DatabaseBlobStore().put(session, picture)
    assert DatabaseBlobStore().put(session, picture) == stored
    session.commit()
    assert database_blob(session, stored.path) == picture.read_bytes()
    on_disk = FileBlobStore(tmp_path / "data").put(session, picture)
    assert on_disk.path == stored.path and (tmp_path / "data" / on_disk.path).is_file()


def test_two_workers_storing_the_same_picture_at_once_both_succeed(pg_url: str, tmp_path: Path) -> None:
    """The same page seen from two locales gives the same screenshot, stored by two workers at once."""
    picture = tmp_path / "001.jpg"
    picture.write_bytes(b"\xff\xd8 the same picture")
    sessions = open_store(pg_url)
    stored_second: list[StoredFile] = []
    # Closed in reverse order: first ends its transaction before second is closed, so a failed
    # assertion cannot leave second's close waiting on the racer and the racer waiting on first.
    with sessions() as second, sessions() as first, sessions() as watcher:
        store = DatabaseBlobStore()
        stored = store.put(first, picture)  # inserted, not committed yet
        pids = {"first": backend_pid(first), "second": backend_pid(second)}
        racer = threading.Thread(target=lambda: stored_second.append(store.put(second, picture)))
        racer.start()
        # Only this backend: the PostgreSQL server is shared with the whole test session.
        blocked = text("SELECT CAST(:first AS integer) = ANY(pg_blocking_pids(:second))")
        try:
            wait_for(lambda: watcher.scalar(blocked, pids), timeout=30, what="the second insert to wait")
        except AssertionError as timed_out:
            raise AssertionError(f"{timed_out}; backends {pids}: {activity(watcher)}") from None
        first.commit()
        racer.join(30)
        assert not racer.is_alive()
        second.commit()  # before the fix its insert raised UniqueViolation and the crawl was redone
        assert stored_second == [stored]
        assert watcher.scalar(select(func.count()).select_from(Blob)) == 1
    sessions.kw["bind"].dispose()


def backend_pid(session: Session) -> int:
    """The server process behind a session's connection, which pins the connection to it."""
    return int(session.scalar(text("SELECT pg_backend_pid()")))


def activity(session: Session) -> list[tuple[object, ...]]:
    """What every backend of the server is doing, for a failure message."""
    columns = "pid, datname, state, wait_event_type, wait_event, left(query, 120)"
    return [tuple(row) for row in session.execute(text(f"SELECT {columns} FROM pg_stat_activity"))]


def test_the_blob_backend_follows_the_mode_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (blob_backend(distributed=False), blob_backend(distributed=True)) == ("files", "database")
    monkeypatch.setenv("SUPPORTCHECK_BLOB_STORE", "files")
    assert blob_backend(distributed=True) == "files"
    monkeypatch.setenv("SUPPORTCHECK_BLOB_STORE", "s3")
    with pytest.raises(ValueError, match="choose one of files, database"):
        blob_backend(distributed=True)


@pytest.mark.parametrize("deadline_s", [60.0, 300.0, 3600.0, 10 * 24 * 3600.0])
def test_time_limits_follow_the_deadline_and_stay_well_below_the_visibility_timeout(
    deadline_s: float,
) -> None:
    limits = time_limits(deadline_s)
    assert limits.soft_s > min(deadline_s, 3000) + DEADLINE_GRACE_S  # the crawler stops itself first
    assert limits.hard_s > limits.soft_s
    assert VISIBILITY_TIMEOUT_S >= 4 * limits.hard_s  # no redelivery while a crawl may still run


def test_the_celery_settings_for_long_browser_tasks() -> None:
    conf = app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert conf.broker_transport_options["visibility_timeout"] == VISIBILITY_TIMEOUT_S
    assert conf.worker_max_tasks_per_child and conf.worker_max_memory_per_child
    assert conf.worker_proc_alive_timeout >= 30  # a child launching Chromium under load is not killed


def test_a_run_with_a_locale_failed_for_good_closes_partial_with_the_reason(
    session: Session, tmp_path: Path
) -> None:
    request = ScanRequest(
        firm="Acme",
        entry_urls=("https://www.acme.test/",),
        locales=(resolve_locale("en-US"), resolve_locale("de-DE")),
        settings=CrawlSettings(check_app_stores=False),
    )
    for unit in units_of(1, request, 3):
        session.execute(
            update(RunLocale).where(RunLocale.locale == unit.locale).values(unit=unit.model_dump(mode="json"))
        )
    session.commit()
    assert finish_run(session, 1, tmp_path, StoreEndpoints.from_env()) is None  # not settled yet
    claim(session, 1, "en-US", "a", NOW, LEASE, 3)
    crawled = LocaleSnapshots(locale="en-US", entry_url="https://www.acme.test/")
    store_done(session, 1, "en-US", "a", NOW, pack_json(crawled.model_dump_json()).compressed, {}, "131.0")
    fail(session, 1, "de-DE", None, "the crawl outlived its time limit (425 s)", NOW)

    assert finish_run(session, 1, tmp_path, StoreEndpoints.from_env()) == "partial"
    run = session.get(Run, 1)
    assert run is not None and "de-DE is error" in run.status_reason and "time limit" in run.status_reason
    stored = session.scalars(select(Snapshot.locale).where(Snapshot.run_id == 1)).all()
    assert sorted(stored) == ["de-DE", "en-US"]  # the failed locale as an error locale, with its reason
    assert session.scalar(select(RunLocale.snapshots_zlib).where(RunLocale.locale == "en-US")) is None
    assert finish_run(session, 1, tmp_path, StoreEndpoints.from_env()) is None  # a second final task: nothing


def test_a_unit_s_deadline_is_capped_to_fit_the_visibility_timeout() -> None:
    request = ScanRequest(
        firm="Acme",
        entry_urls=("https://www.acme.test/",),
        locales=(resolve_locale("en-US"),),
        settings=CrawlSettings(deadline_s=24 * 3600),
    )
    (unit,) = units_of(1, request, 3)
    assert unit.request.settings.deadline_s == MAX_DEADLINE_S
    assert VISIBILITY_TIMEOUT_S >= 4 * time_limits(unit.request.settings.deadline_s).hard_s
