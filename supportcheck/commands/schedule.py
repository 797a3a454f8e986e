"""Scheduled crawls: ``supportcheck firms import FIRMS.yaml``, ``firms list``, ``scheduler`` and ``worker``.

``supportcheck.cli`` calls :func:`register` and hands the parsed arguments of :data:`COMMANDS` to
:func:`run`. ``scheduler`` and ``worker`` run until Ctrl-C or SIGTERM (``--once`` and
``--until-idle`` stop sooner, for cron jobs and tests); any number of each may share one database.
With ``$SUPPORTCHECK_BROKER_URL`` set (distributed mode, ``server.distributed``), ``worker`` runs a
Celery worker and ``scheduler`` also sends the queued runs to it as (run, locale) tasks.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from supportcheck.cli_options import UsageError, add_crawl_options, settings_from
from supportcheck.commands.store import add_db_option

COMMANDS = ("firms", "scheduler", "worker")
EXIT_OK, EXIT_FAILED = 0, 1


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


def add_scheduler_options(parser: argparse.ArgumentParser) -> None:
    """The scheduler's options, shared with ``serve``."""
    parser.add_argument(
        "--catch-up",
        type=_positive,
        default=24 * 3600,
        metavar="S",
        help="missed runs are merged into one if the latest is at most S seconds old (default 86400)",
    )
    parser.add_argument(
        "--max-attempts", type=int, default=3, help="tries of a run whose worker died (default 3)"
    )
    parser.add_argument(
        "--digest-cron",
        default="0 8 * * 1",
        metavar="CRON",
        help="when the weekly digests go out, in UTC (default '0 8 * * 1', Mondays 08:00); 'off' never",
    )


def add_worker_options(parser: argparse.ArgumentParser) -> None:
    """The worker's options, shared with ``serve``."""
    parser.add_argument(
        "--concurrency",
        type=int,
        help="runs this worker crawls at once (default 1); with a broker, (run, locale) crawls, each "
        "in its own process with its own Chromium (default: the number of cores)",
    )
    parser.add_argument(
        "--per-site",
        type=int,
        default=1,
        help="runs crawling one registrable domain at once, all workers (default 1)",
    )
    parser.add_argument(
        "--max-running", type=int, help="runs crawling at once across all workers (default: no limit)"
    )
    parser.add_argument(
        "--lease",
        type=_positive,
        default=60.0,
        metavar="S",
        help="seconds a claimed run is held between renewals (default 60)",
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``firms``, ``scheduler`` and ``worker`` to the ``supportcheck`` command."""
    firms_commands = subparsers.add_parser(
        "firms", help="manage the firms the scheduler crawls"
    ).add_subparsers(dest="firms_command", required=True)
    importer = firms_commands.add_parser(
        "import",
        help="load or update firms, schedules and alert channels from a config file, without crawling",
    )
    importer.add_argument("config", type=Path, metavar="FIRMS.yaml")
    add_db_option(importer)
    add_db_option(firms_commands.add_parser("list", help="each firm's schedule, next due time and last run"))

    scheduler = subparsers.add_parser("scheduler", help="queue runs of firms when their schedule is due")
    add_scheduler_options(scheduler)
    scheduler.add_argument(
        "--interval", type=_positive, default=5.0, metavar="S", help="seconds between ticks (default 5)"
    )
    scheduler.add_argument("--once", action="store_true", help="one tick, then exit")
    add_crawl_options(scheduler)  # with a broker: the settings the (run, locale) tasks are sent with
    add_db_option(scheduler)

    worker = subparsers.add_parser("worker", help="crawl queued runs")
    add_worker_options(worker)
    worker.add_argument(
        "--poll", type=_positive, default=2.0, metavar="S", help="seconds between looks for work (default 2)"
    )
    worker.add_argument("--until-idle", action="store_true", help="exit once no queued run is left to claim")
    worker.add_argument(
        "--health",
        action="store_true",
        help="exit 0 if a distributed worker on this host sent a heartbeat lately, else 1",
    )
    add_crawl_options(worker)
    add_db_option(worker)


def scheduler_options(args: argparse.Namespace, interval_s: float) -> Any:
    """The scheduler's options; alerts go out through the senders the environment configures."""
    from cronsim import CronSimError

    from server.alerts.digest import latest_fire
    from server.alerts.outbox import senders_from_env
    from server.schedule.scheduler import SchedulerOptions

    if args.max_attempts < 1:
        raise UsageError("--max-attempts must be at least 1")
    digest_cron = None if args.digest_cron == "off" else args.digest_cron
    if digest_cron is not None:
        try:
            latest_fire(digest_cron, datetime.now(UTC))
        except (CronSimError, ValueError) as error:
            raise UsageError(f"--digest-cron {digest_cron!r}: {error}") from None
    return SchedulerOptions(
        catch_up=timedelta(seconds=args.catch_up),
        max_attempts=args.max_attempts,
        interval_s=interval_s,
        senders=senders_from_env(),
        digest_cron=digest_cron,
    )


def worker_options(args: argparse.Namespace, poll_s: float, until_idle: bool) -> Any:
    from server.schedule.ledger import Limits
    from server.schedule.worker import WorkerOptions

    if (
        (args.concurrency is not None and args.concurrency < 1)
        or args.per_site < 1
        or (args.max_running is not None and args.max_running < 1)
    ):
        raise UsageError("--concurrency, --per-site and --max-running must be at least 1")
    return WorkerOptions(
        concurrency=args.concurrency or 1,
        limits=Limits(max_running=args.max_running, per_site=args.per_site),
        lease=timedelta(seconds=args.lease),
        poll_s=poll_s,
        until_idle=until_idle,
    )


def stop_on_signals() -> threading.Event:
    """An event set by SIGTERM or SIGINT, so loops finish their current work and return."""
    stop = threading.Event()

    def handle(_signum: int, _frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
    return stop


def _firms(args: argparse.Namespace) -> int:
    from checker.config import load_firm_file
    from server.schedule import clock
    from server.schedule.firms import import_firms, list_firms
    from server.store.db import open_store

    sessions = open_store(args.db)
    if args.firms_command == "import":
        firm_file = load_firm_file(args.config)
        with sessions() as session:
            counts = import_firms(session, firm_file.firms, clock.now(), firm_file.tag_schedules)
        print(
            f"imported {counts.firms} firm(s): {counts.scheduled} scheduled, {counts.paused} paused, "
            f"{counts.alert_channels} alert channel(s)"
            + (f", {counts.tag_schedules} tag schedule(s)" if counts.tag_schedules else "")
        )
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    table = Table("firm", "schedule", "next due (UTC)", "last run")
    with sessions() as session:
        for line in list_firms(session):
            due = "-" if line.next_due_at is None else f"{line.next_due_at:%Y-%m-%d %H:%M:%S}"
            table.add_row(line.name, line.schedule, due, line.last_run)
    Console(width=160).print(table)
    return EXIT_OK


def crawl_settings(args: argparse.Namespace) -> Any:
    """The crawl options' settings, with private targets blocked unless the environment allows them."""
    from server.config import ALLOW_PRIVATE_TARGETS_ENV, env_flag

    return settings_from(args).model_copy(
        update={"block_private_targets": not env_flag(ALLOW_PRIVATE_TARGETS_ENV)}
    )


def dispatcher(settings: Any, max_attempts: int) -> Callable[[Any], str] | None:
    """In distributed mode, the step that sends queued runs to the Celery workers; else None."""
    from server.distributed.settings import broker_url

    if broker_url() is None:
        return None
    from server.distributed.app import CelerySender
    from server.distributed.dispatch import DispatchOptions, dispatch
    from server.schedule import clock

    options = DispatchOptions(base_settings=settings, max_attempts=max_attempts)
    sender = CelerySender()

    def dispatch_queued(sessions: Any) -> str:
        with sessions() as session:
            return dispatch(session, sender, clock.now(), options).summary()

    return dispatch_queued


def _scheduler(args: argparse.Namespace) -> int:
    from server.schedule.scheduler import TickReport, run_scheduler, tick
    from server.store.db import open_store

    options = scheduler_options(args, args.interval)
    sessions = open_store(args.db)
    send = dispatcher(crawl_settings(args), args.max_attempts)

    def report(tick_report: TickReport) -> None:
        print(tick_report.summary() + (f"; {send(sessions)}" if send else ""), flush=True)

    if args.once:
        report(tick(sessions, options))
        return EXIT_OK
    run_scheduler(sessions, options, stop_on_signals(), report)
    return EXIT_OK


def _worker_health(database_url: str | None) -> int:
    import socket

    from server.distributed.beats import HEALTHY_WITHIN_S, workers
    from server.schedule import clock
    from server.store.db import open_store

    with open_store(database_url)() as session:
        here = workers(session, clock.now(), hostname=socket.gethostname())
    healthy = [worker for worker in here if worker.healthy]
    for worker in healthy:
        print(
            f"worker {worker.name} healthy: {worker.tasks_done} task(s) done, "
            f"current task {worker.current_task or '-'}",
            flush=True,
        )
    if not healthy:
        print(
            f"no worker on {socket.gethostname()} sent a heartbeat in the last {HEALTHY_WITHIN_S:.0f} s",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_OK


def _distributed_worker(args: argparse.Namespace) -> int:
    import os

    from server.distributed.app import LEASE_ENV, run_worker

    if args.db:
        os.environ["SUPPORTCHECK_DATABASE_URL"] = args.db  # the pool children open it after the fork
    os.environ[LEASE_ENV] = str(args.lease)
    run_worker(args.concurrency or os.cpu_count() or 1, args.host_resolver_rules)
    return EXIT_OK


def _worker(args: argparse.Namespace) -> int:
    from server.distributed.settings import broker_url
    from server.schedule.worker import Worker, crawl_executor
    from server.store.db import data_dir, open_store

    if args.health:
        return _worker_health(args.db)
    if broker_url() is not None:
        return _distributed_worker(args)
    sessions = open_store(args.db)
    worker = Worker(
        sessions,
        crawl_executor(sessions, crawl_settings(args), data_dir()),
        worker_options(args, args.poll, args.until_idle),
    )
    print(f"worker {worker.owner} started", flush=True)
    done = worker.run(stop_on_signals())
    print(f"worker {worker.owner} finished {done} run(s)", flush=True)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Runs a scheduling command; a store or database failure is one line on stderr and exit code 1."""
    from sqlalchemy.exc import SQLAlchemyError

    from server.store.errors import StoreError

    logging.basicConfig(format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    logging.getLogger("supportcheck").setLevel(logging.INFO)  # ours only: not alembic's chatter
    try:
        commands = {"firms": _firms, "scheduler": _scheduler, "worker": _worker}
        return commands[args.command](args)
    except (StoreError, ValueError) as error:  # ConfigError and UsageError are ValueErrors
        print(f"supportcheck: {error}", file=sys.stderr)
    except SQLAlchemyError as error:
        cause = str(getattr(error, "orig", None) or error).strip() or type(error).__name__
        print(f"supportcheck: the database failed: {cause.splitlines()[0]}", file=sys.stderr)
    return EXIT_FAILED
