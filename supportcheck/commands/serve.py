"""``supportcheck serve``: the dashboard and API on this machine, for a team or a laptop.

The built-in server is werkzeug's threaded one, enough for a handful of readers; behind a real
deployment run the app factory under a WSGI server (``gunicorn 'server:create_app()'``).
The same process runs the scheduler and a local worker on threads (the embedded default), unless
``--no-scheduler`` / ``--no-worker`` leave them to ``supportcheck scheduler`` and ``worker``. With
``$SUPPORTCHECK_BROKER_URL`` its scheduler sends queued runs to the Celery workers, and no local
worker runs.
Several ``serve`` processes on one PostgreSQL still queue each due run once: the database decides.
"""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

from supportcheck.commands.schedule import (
    add_scheduler_options,
    add_worker_options,
    dispatcher,
    scheduler_options,
    worker_options,
)

COMMANDS = ("serve",)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("serve", help="serve the dashboard and the JSON API")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    parser.add_argument("--db", metavar="URL", help="database URL (default: $SUPPORTCHECK_DATABASE_URL)")
    parser.add_argument(
        "--public-read",
        action="store_true",
        help="anyone may read without logging in (writes still need auth)",
    )
    parser.add_argument("--no-scheduler", action="store_true", help="do not queue scheduled runs here")
    parser.add_argument("--no-worker", action="store_true", help="do not crawl queued runs here")
    add_scheduler_options(parser)
    add_worker_options(parser)


def _start_background(
    args: argparse.Namespace, database_url: str, data_dir: Path, allow_private: bool
) -> None:
    """Starts the scheduler and the local worker on daemon threads; they end with the process."""
    from checker.job import CrawlSettings
    from server.schedule.scheduler import run_scheduler
    from server.schedule.worker import Worker, crawl_executor
    from server.store.db import open_store

    sessions = open_store(database_url)
    never = threading.Event()
    settings = CrawlSettings(block_private_targets=not allow_private)
    # With a broker, queued runs go to the Celery workers as (run, locale) tasks: no local worker.
    send = dispatcher(settings, args.max_attempts)
    if not args.no_scheduler:
        options = scheduler_options(args, interval_s=5.0)
        on_tick = (lambda _report: print(send(sessions), flush=True)) if send else (lambda _report: None)
        threading.Thread(
            target=run_scheduler, args=(sessions, options, never, on_tick), name="scheduler", daemon=True
        ).start()
    if not args.no_worker and send is None:
        worker = Worker(
            sessions, crawl_executor(sessions, settings, data_dir), worker_options(args, 2.0, False)
        )
        threading.Thread(target=worker.run, args=(never,), name="worker", daemon=True).start()


def run(args: argparse.Namespace) -> int:
    from werkzeug.serving import run_simple

    from server import create_app

    # Scans started from the API and the dashboard go to the ledger: this process's worker (or, with
    # --no-worker, the `supportcheck worker` processes) claims them like scheduled runs.
    config: dict[str, object] = {"SUPPORTCHECK_SCAN_RUNNER": "ledger"}
    if args.db:
        config["SUPPORTCHECK_DATABASE_URL"] = args.db
    if args.public_read:
        config["SUPPORTCHECK_PUBLIC_READ"] = "1"
    app = create_app(config)
    _start_background(
        args,
        app.config["SUPPORTCHECK_DATABASE_URL"],
        Path(app.config["SUPPORTCHECK_DATA_DIR"]),
        bool(app.config["SUPPORTCHECK_ALLOW_PRIVATE_TARGETS"]),
    )
    print(f"supportcheck dashboard on http://{args.host}:{args.port}/ (Ctrl-C stops it)", flush=True)
    run_simple(args.host, args.port, app, threaded=True)
    return 0
