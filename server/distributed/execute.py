"""What a (run, locale) crawl task does, free of Celery: claim, crawl, store, settle, maybe close.

:func:`run_unit` claims the locale's lease in the database (a redelivered or duplicated message
for a locale someone holds or finished does nothing), renews it on a thread while the crawl runs
on the process's Chromium with Redis-held politeness, and stores the snapshots and screenshots in
the transaction that checks the lease. The task whose store settles the run's last locale sends
the final task. Database hiccups while storing are retried for :data:`STORE_RETRY_S`.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

from redis.asyncio import Redis
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from checker.scan import crawl_locale_job
from checker.snapshot import LocaleSnapshots
from server.distributed.chromium import ProcessBrowser
from server.distributed.dispatch import TaskSender
from server.distributed.leases import Claim, ClaimOutcome, claim, fail, release, renew, settled, store_done
from server.distributed.politeness import OutageHook, RedisPoliteness
from server.distributed.units import LocaleUnit
from server.schedule import clock
from server.store._blobs import StoredFile, pack_json
from server.store.blobs import BlobStore
from server.store.errors import LeaseLost

LOG = logging.getLogger("supportcheck.unit")
STORE_RETRY_S = 60.0
SCAN_PICTURES = "screenshots"  # where the crawler saves pictures in a scan folder (checker.crawl)
T = TypeVar("T")


@dataclass
class WorkerContext:
    """What a pool child keeps between tasks: the store, the blobs, the browser, Redis, the lease."""

    sessions: sessionmaker[Session]
    blobs: BlobStore
    browser: ProcessBrowser
    redis_url: str
    sender: TaskSender
    lease: timedelta
    on_outage: OutageHook


@dataclass(frozen=True)
class UnitOutcome:
    """What became of one delivery of a unit; ``retry_in_s`` when it should be tried again later."""

    outcome: str
    retry_in_s: float | None = None


def _with_retries(work: Callable[[], T], what: str, on_outage: OutageHook) -> T:
    """Runs a database step, retrying while the database is unreachable (a restart, a failover)."""
    give_up = time.monotonic() + STORE_RETRY_S
    while True:
        try:
            return work()
        except OperationalError as error:
            if time.monotonic() > give_up:
                raise
            on_outage(f"database unreachable while {what}: {str(error.orig or error).splitlines()[0]}")
            time.sleep(1.0)


class _Renewer:
    """Renews the lease every third of its length while the crawl runs."""

    def __init__(self, context: WorkerContext, unit: LocaleUnit, owner: str) -> None:
        self.context, self.unit, self.owner = context, unit, owner
        self.stop = threading.Event()
        self.lost = False
        self.thread = threading.Thread(target=self._loop, name="lease-renewer", daemon=True)

    def _loop(self) -> None:
        period = max(self.context.lease.total_seconds() / 3, 0.05)
        while not self.stop.wait(period):
            try:
                with self.context.sessions() as session:
                    held = renew(
                        session,
                        self.unit.run_id,
                        self.unit.locale,
                        self.owner,
                        clock.now(),
                        self.context.lease,
                    )
            except OperationalError as error:
                self.context.on_outage(f"database unreachable renewing a lease: {error.orig or error}")
                continue
            if not held:
                self.lost = True
                LOG.warning("%s: the lease was taken from %s", self.unit.describe(), self.owner)
                return

    def __enter__(self) -> _Renewer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        self.thread.join()


async def _crawl(context: WorkerContext, unit: LocaleUnit, scan_dir: Path) -> tuple[LocaleSnapshots, str]:
    settings = unit.request.settings
    browser = await context.browser.browser(settings.host_resolver_rules)
    redis = Redis.from_url(context.redis_url)
    try:
        # A slot outlives its page load only if the worker died holding it: then it expires.
        politeness = RedisPoliteness(
            redis, settings.max_in_flight_per_site, 2 * settings.page_timeout_s + 30, context.on_outage
        )
        deadline = time.monotonic() + settings.deadline_s
        result = await crawl_locale_job(browser, unit.job(), politeness, scan_dir, deadline, None)
    finally:
        await redis.aclose()
    return result, browser.version


def _store(
    context: WorkerContext,
    unit: LocaleUnit,
    owner: str,
    result: LocaleSnapshots,
    scan_dir: Path,
    browser_version: str,
) -> None:
    packed = pack_json(result.model_dump_json()).compressed

    # Every picture the crawl saved (page screenshots, and any crop beside them), by its path in the
    # scan folder: the final task keeps those the report refers to.
    pictures = sorted(path for path in (scan_dir / SCAN_PICTURES).rglob("*") if path.is_file())

    def write() -> None:
        with context.sessions() as session:
            screenshots: dict[str, StoredFile] = {
                path.relative_to(scan_dir).as_posix(): context.blobs.put(session, path) for path in pictures
            }
            store_done(
                session, unit.run_id, unit.locale, owner, clock.now(), packed, screenshots, browser_version
            )

    _with_retries(write, f"storing {unit.describe()}", context.on_outage)


def close_if_settled(context: WorkerContext, run_id: int) -> None:
    """Sends the final task when every locale of the run settled (the scheduler resends a lost one)."""
    with context.sessions() as session:
        if not settled(session, run_id):
            return
    try:
        context.sender.send_finish(run_id)
    except Exception as error:  # noqa: BLE001 - the broker is down; the scheduler sends it later
        context.on_outage(f"could not send the final task of run {run_id}: {error}")


def _claim(context: WorkerContext, unit: LocaleUnit, owner: str) -> Claim:
    def take() -> Claim:
        with context.sessions() as session:
            return claim(
                session, unit.run_id, unit.locale, owner, clock.now(), context.lease, unit.max_attempts
            )

    return _with_retries(take, f"claiming {unit.describe()}", context.on_outage)


def run_unit(
    context: WorkerContext,
    unit: LocaleUnit,
    owner: str,
    give_up: tuple[type[BaseException], ...] = (),
    give_up_reason: str = "",
) -> UnitOutcome:
    """Crawls and stores the unit if its lease is free; see the module docstring.

    Args:
        give_up: errors after which the locale fails for good instead of being tried again (the
            Celery task passes its soft time limit), with ``give_up_reason``.

    Raises:
        Exception: the crawl or the store failed in a way worth another attempt; the lease was
            given back first (the caller retries the task).
    """
    taken = _claim(context, unit, owner)
    if taken.outcome is ClaimOutcome.HELD:
        return UnitOutcome("held", retry_in_s=taken.held_for_s + 0.5)
    if taken.outcome is ClaimOutcome.EXHAUSTED:
        close_if_settled(context, unit.run_id)
    if taken.outcome is not ClaimOutcome.CLAIMED:
        return UnitOutcome(taken.outcome.value)
    LOG.info("%s: attempt %d by %s", unit.describe(), taken.attempt, owner)
    scan_dir = Path(tempfile.mkdtemp(prefix=f"supportcheck-run{unit.run_id}-{unit.locale}-"))
    try:
        with _Renewer(context, unit, owner):
            result, version = context.browser.run(lambda: _crawl(context, unit, scan_dir))
            _store(context, unit, owner, result, scan_dir, version)
    except LeaseLost as error:
        LOG.warning("%s", error)  # the worker that took it over stores it
        return UnitOutcome("lost")
    except give_up:
        LOG.warning("%s failed for good in attempt %d: %s", unit.describe(), taken.attempt, give_up_reason)
        with context.sessions() as session:
            fail(session, unit.run_id, unit.locale, owner, give_up_reason, clock.now())
        close_if_settled(context, unit.run_id)
        return UnitOutcome("failed")
    except Exception as error:
        LOG.warning("%s failed in attempt %d: %s", unit.describe(), taken.attempt, error)
        try:
            with context.sessions() as session:
                release(session, unit.run_id, unit.locale, owner, f"{type(error).__name__}: {error}")
        except OperationalError:
            pass  # the lease expires instead
        raise
    finally:
        shutil.rmtree(scan_dir, ignore_errors=True)
    close_if_settled(context, unit.run_id)
    return UnitOutcome("done")
