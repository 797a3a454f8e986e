"""The worker: claims queued runs under a lease, renews the lease while it crawls, and stores the result.

The crawl itself is a :data:`RunExecutor`, by default :func:`crawl_executor`, which runs the same
path as ``supportcheck crawl`` (``server.store.crawl_firms.crawl_run``), stores the result only if
the worker still holds the lease, and queues the alerts a complete run calls for. A worker that
dies stops renewing; the scheduler then calls its run dead (``error``) and queues it again. Only
the benchmark passes another executor.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from checker.job import CrawlSettings
from checker.scan import PageCallback
from server.alerts.message import dashboard_base_url
from server.alerts.outbox import queue_alerts
from server.schedule import clock
from server.schedule.firms import firm_config
from server.schedule.ledger import Limits, claim_run, renew_leases
from server.store.crawl_firms import crawl_run
from server.store.errors import LeaseLost
from server.store.models import Run
from server.store.queries import STORED_STATUSES
from server.store.writer import mark_failed

LOG = logging.getLogger("supportcheck.worker")

RunExecutor = Callable[[int, str], None]
"""Crawls and stores the run with this id, which the given lease owner holds."""


@dataclass(frozen=True)
class WorkerOptions:
    """How a worker behaves; the command line sets these."""

    concurrency: int = 1  # runs this worker crawls at once
    limits: Limits = field(default_factory=Limits)
    lease: timedelta = timedelta(seconds=60)
    poll_s: float = 2.0
    until_idle: bool = False  # stop once nothing is left to claim (tests, benchmarks, cron jobs)


def new_owner() -> str:
    """A lease owner name that says which machine and process to look at."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@contextmanager
def _silent(_locales: list[str], _max_pages: int) -> Iterator[PageCallback]:
    yield lambda _locale, _snapshot: None


def crawl_executor(
    sessions: sessionmaker[Session], base_settings: CrawlSettings, data_dir: Path
) -> RunExecutor:
    """The real executor: crawls the run's firm as stored, as ``supportcheck crawl`` would."""

    def execute(run_id: int, owner: str) -> None:
        with sessions() as session:
            run = session.get(Run, run_id)
            if run is None:
                return  # deleted since it was claimed
            try:
                config = firm_config(run.firm)
            except ValidationError as error:
                mark_failed(session, run_id, error, during="reading the firm's configuration")
                return
            outcome = crawl_run(session, run, config, base_settings, data_dir, _silent, lease_owner=owner)
            LOG.info("run %d of %s: %s %s", run_id, config.name, outcome.status, outcome.error)
            if outcome.status in STORED_STATUSES:  # the scheduler delivers; a dead endpoint never waits here
                queue_alerts(session, run_id, dashboard_base_url(), clock.now())

    return execute


class Worker:
    """Claims runs while it has free slots, crawls each on a thread, and renews all its leases on another."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        execute: RunExecutor,
        options: WorkerOptions,
        owner: str | None = None,
    ) -> None:
        self.sessions = sessions
        self.execute = execute
        self.options = options
        self.owner = owner or new_owner()
        self.done = 0

    def _renew(self, stop: threading.Event) -> None:
        period = max(self.options.lease.total_seconds() / 3, 0.05)
        while not stop.wait(period):
            try:
                with self.sessions() as session:
                    renew_leases(session, self.owner, clock.now(), self.options.lease)
            except OperationalError as error:
                LOG.warning("could not renew leases, trying again: %s", error.orig or error)

    def _run_one(self, run_id: int) -> None:
        try:
            self.execute(run_id, self.owner)
        except LeaseLost as error:
            LOG.warning("%s", error)
        except Exception as error:  # noqa: BLE001 - the worker must outlive one bad run
            LOG.exception("run %d failed", run_id)
            with self.sessions() as session:
                mark_failed(session, run_id, error, during="the crawl")

    def _claim(self) -> int | None:
        try:
            with self.sessions() as session:
                return claim_run(session, self.owner, clock.now(), self.options.lease, self.options.limits)
        except OperationalError as error:
            LOG.warning("could not claim a run, trying again: %s", error.orig or error)
            return None

    def run(self, stop: threading.Event) -> int:
        """Works until ``stop`` is set (or, with ``until_idle``, nothing is left); returns runs done."""
        renewing = threading.Event()
        renewer = threading.Thread(target=self._renew, args=(renewing,), name="lease-renewer", daemon=True)
        renewer.start()
        in_flight: set[Future[None]] = set()
        try:
            with ThreadPoolExecutor(self.options.concurrency, thread_name_prefix="crawl") as pool:
                while not stop.is_set():
                    claimed = False
                    while len(in_flight) < self.options.concurrency and (run_id := self._claim()) is not None:
                        in_flight.add(pool.submit(self._run_one, run_id))
                        claimed = True
                    if self.options.until_idle and not claimed and not in_flight:
                        break
                    finished, in_flight = _wait(in_flight, self.options.poll_s, stop)
                    self.done += len(finished)
                finished, _ = wait(in_flight)
                self.done += len(finished)
        finally:
            renewing.set()
            renewer.join()
        return self.done


def _wait(
    in_flight: set[Future[None]], poll_s: float, stop: threading.Event
) -> tuple[set[Future[None]], set[Future[None]]]:
    """Waits for a run to finish or a poll interval to pass, whichever comes first."""
    if not in_flight:
        stop.wait(poll_s)
        return set(), in_flight
    finished, pending = wait(in_flight, timeout=poll_s, return_when=FIRST_COMPLETED)
    return set(finished), set(pending)
