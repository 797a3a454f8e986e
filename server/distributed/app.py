"""The Celery application of distributed mode: its settings, its two tasks, and its signal handlers.

Every setting that matters for long browser tasks says why beside it. The tasks are thin: the
work is :mod:`server.distributed.execute` and :mod:`server.distributed.finish`; Celery carries
messages and the database decides (a message delivered twice or late does nothing twice).
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import timedelta
from typing import Any

from celery import Celery, Task, signals
from celery.exceptions import SoftTimeLimitExceeded
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from checker.appstores.endpoints import StoreEndpoints
from server.distributed import beats
from server.distributed.chromium import ProcessBrowser
from server.distributed.execute import WorkerContext, run_unit
from server.distributed.finish import finish_run
from server.distributed.settings import QUEUE, VISIBILITY_TIMEOUT_S, broker_url, time_limits
from server.distributed.units import LocaleUnit
from server.schedule import clock
from server.store.blobs import open_blob_store
from server.store.db import data_dir, open_store

LOG = logging.getLogger("supportcheck.celery")
CRAWL_TASK = "supportcheck.crawl_locale"
FINISH_TASK = "supportcheck.finish_run"
LEASE_ENV = "SUPPORTCHECK_LEASE_S"
RETRY_COUNTDOWN_S = 2.0
FINISH_SOFT_LIMIT_S = 600.0
PROC_ALIVE_TIMEOUT_S = 60.0  # for a pool child to start, Chromium launch included
FINISH_PRIORITY, CRAWL_PRIORITY = 0, 5

app = Celery("supportcheck", broker=broker_url() or "redis://127.0.0.1:6379/0")
app.conf.update(
    # A task is acknowledged only once it returned: a worker that dies mid-crawl leaves its message
    # with the broker, to be delivered again (and the lease in the database says whether to crawl).
    task_acks_late=True,
    # ... and when a pool child is killed (OOM killer, SIGKILL) the main process requeues its task
    # at once instead of acknowledging it as failed.
    task_reject_on_worker_lost=True,
    # A worker reserves only the task it is about to run: a five-minute crawl must not sit on a
    # second message that an idle worker could have taken.
    worker_prefetch_multiplier=1,
    broker_transport_options={
        # Redis hands an unacknowledged message to another worker after this long: well above the
        # hard time limit (server.distributed.settings caps deadlines to keep it so).
        "visibility_timeout": VISIBILITY_TIMEOUT_S,
        # A run's final task goes before the crawls still queued (priority 0 is Redis's first), or a
        # finished run would wait for the whole backlog to be closed.
        "queue_order_strategy": "priority",
        "priority_steps": [FINISH_PRIORITY, CRAWL_PRIORITY],
    },
    # Long-lived children and their Chromium grow (fragmentation, caches): a child is replaced after
    # this many crawls, or once its own resident memory passes this many KiB after a task.
    worker_max_tasks_per_child=50,
    worker_max_memory_per_child=1_500_000,
    # A new pool child launches its Chromium before it says it is up, which on a loaded machine
    # takes longer than Celery's 4 s: the main process would SIGKILL it (orphaning that Chromium)
    # and start another, over and over.
    worker_proc_alive_timeout=PROC_ALIVE_TIMEOUT_S,
    # A lost broker connection must not cancel crawls that are running: they store into the
    # database, and their late acknowledgement is harmless (the database decides).
    worker_cancel_long_running_tasks_on_connection_loss=False,
    broker_connection_retry_on_startup=True,
    broker_connection_max_retries=None,  # a Redis outage is waited out, never fatal
    task_default_queue=QUEUE,
    task_serializer="json",
    accept_content=["json"],
    task_ignore_result=True,  # results live in the database, not a result backend
    worker_hijack_root_logger=False,
)

_CONTEXT: WorkerContext | None = None
_BEAT_STOP = threading.Event()


class CelerySender:
    """Sends units and final tasks through this app, with the unit's time limits."""

    def send_unit(self, unit: LocaleUnit) -> None:
        limits = time_limits(unit.request.settings.deadline_s)
        app.send_task(
            CRAWL_TASK,
            args=[unit.model_dump(mode="json")],
            queue=QUEUE,
            priority=CRAWL_PRIORITY,
            soft_time_limit=limits.soft_s,
            time_limit=limits.hard_s,
        )

    def send_finish(self, run_id: int) -> None:
        app.send_task(FINISH_TASK, args=[run_id], queue=QUEUE, priority=FINISH_PRIORITY)


def _lease() -> timedelta:
    return timedelta(seconds=float(os.environ.get(LEASE_ENV) or 60))


def _main_name() -> str:
    """This worker's heartbeat name: the main process's (a pool child's parent)."""
    return beats.worker_name(os.getppid() if _CONTEXT is not None else os.getpid())


def _record_outage(sessions: sessionmaker[Session], what: str) -> None:
    LOG.warning("%s", what)
    try:
        with sessions() as session:
            beats.record_outage(session, _main_name(), clock.now(), what)
    except OperationalError:
        pass  # the database is the outage; the log has it


def context() -> WorkerContext:
    """This pool child's context, made after the fork (see :func:`_after_fork`)."""
    assert _CONTEXT is not None, "the worker context is made in worker_process_init"
    return _CONTEXT


@signals.worker_process_init.connect
def _after_fork(**_kwargs: Any) -> None:
    """A pool child: its own database engine, and its own Chromium launched now, after the fork."""
    global _CONTEXT
    sessions = open_store()
    browser = ProcessBrowser()
    rules = os.environ.get("SUPPORTCHECK_WORKER_HOST_RESOLVER_RULES") or None
    try:
        browser.run(lambda: browser.browser(rules))
    except Exception as error:  # noqa: BLE001 - the first task launches it again, or retries
        LOG.warning("could not launch Chromium in the pool child: %s", error)
    _CONTEXT = WorkerContext(
        sessions=sessions,
        blobs=open_blob_store(data_dir(), distributed=True),
        browser=browser,
        redis_url=broker_url() or "",
        sender=CelerySender(),
        lease=_lease(),
        on_outage=lambda what: _record_outage(sessions, what),
    )


@signals.worker_process_shutdown.connect
def _child_exit(**_kwargs: Any) -> None:
    if _CONTEXT is not None:
        _CONTEXT.browser.close()


def _beat_loop(sessions: sessionmaker[Session], name: str) -> None:
    registered = False
    while True:
        try:
            with sessions() as session:
                if registered:
                    beats.beat(session, name, clock.now())
                else:
                    beats.register(session, name, clock.now())
                    registered = True
        except OperationalError as error:
            LOG.warning("heartbeat failed: %s", str(error.orig or error).splitlines()[0])
        if _BEAT_STOP.wait(beats.BEAT_S):
            return


@signals.worker_ready.connect
def _worker_ready(**_kwargs: Any) -> None:
    sessions = open_store()
    name = beats.worker_name()
    threading.Thread(target=_beat_loop, args=(sessions, name), name="heartbeat", daemon=True).start()
    LOG.info("worker %s ready", name)


def _set_state(state: str) -> None:
    _BEAT_STOP.set()
    try:
        with open_store()() as session:
            beats.beat(session, beats.worker_name(), clock.now(), state=state)
    except OperationalError:
        pass


@signals.worker_shutting_down.connect
def _shutting_down(**_kwargs: Any) -> None:
    """SIGTERM: Celery's warm shutdown lets the running crawls finish; unstarted ones go back."""
    _set_state("stopping")


@signals.worker_shutdown.connect
def _shut_down(**_kwargs: Any) -> None:
    _set_state("stopped")


@signals.task_prerun.connect
def _task_started(task: Task, args: tuple[Any, ...] | None = None, **_kwargs: Any) -> None:
    if _CONTEXT is None or task.name != CRAWL_TASK or not args:
        return
    unit = LocaleUnit.model_validate(args[0])
    try:
        with _CONTEXT.sessions() as session:
            beats.task_started(session, _main_name(), unit.describe())
    except OperationalError:
        pass


@signals.task_postrun.connect
def _task_done(task: Task, **_kwargs: Any) -> None:
    if _CONTEXT is None or task.name != CRAWL_TASK:
        return
    try:
        with _CONTEXT.sessions() as session:
            beats.task_finished(session, _main_name())
    except OperationalError:
        pass


@app.task(bind=True, name=CRAWL_TASK, max_retries=None)
def crawl_locale(self: Task, unit_json: dict[str, Any]) -> str:
    """Crawls one (run, locale) unit, unless the database says another worker holds or finished it."""
    unit = LocaleUnit.model_validate(unit_json)
    owner = f"{_main_name()}/{os.getpid()}:{(self.request.id or '')[:8]}:{self.request.retries}"
    limits = time_limits(unit.request.settings.deadline_s)
    # A crawl that outlived its soft limit hung: it fails for good rather than hang again.
    timed_out = f"the crawl outlived its time limit ({limits.soft_s:.0f} s)"
    try:
        outcome = run_unit(context(), unit, owner, (SoftTimeLimitExceeded,), timed_out)
    except Exception as error:  # noqa: BLE001 - tried again; the lease's attempts bound the tries
        raise self.retry(exc=error, countdown=RETRY_COUNTDOWN_S) from error
    if outcome.retry_in_s is not None:
        raise self.retry(countdown=outcome.retry_in_s)
    return outcome.outcome


@app.task(bind=True, name=FINISH_TASK, max_retries=20, soft_time_limit=FINISH_SOFT_LIMIT_S)
def finish(self: Task, run_id: int) -> str | None:
    """Judges across locales and closes the run in one transaction, once all its locales settled."""
    try:
        with context().sessions() as session:
            return finish_run(session, run_id, data_dir(), StoreEndpoints.from_env())
    except OperationalError as error:
        raise self.retry(exc=error, countdown=5) from error


def run_worker(concurrency: int, host_resolver_rules: str | None) -> None:
    """Runs a Celery worker in this process (prefork, ``concurrency`` children) until SIGTERM."""
    if host_resolver_rules:
        os.environ["SUPPORTCHECK_WORKER_HOST_RESOLVER_RULES"] = host_resolver_rules
    app.worker_main([
        "worker", f"--concurrency={concurrency}", "--pool=prefork", "--loglevel=INFO", "-Q", QUEUE,
        "-n", f"supportcheck-{os.getpid()}@%h", "--without-gossip", "--without-mingle",
    ])  # fmt: skip
