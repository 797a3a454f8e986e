"""The store's commands: ``supportcheck crawl FIRMS.yaml``, ``import REPORT.json`` and ``db upgrade``.

``supportcheck.cli`` calls :func:`register` and hands the parsed arguments of :data:`COMMANDS` to
:func:`run`. SQLAlchemy and Alembic are imported only when one of these commands runs, so the
other commands start as fast as before.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from supportcheck.cli_options import UsageError, add_crawl_options, settings_from

COMMANDS = ("crawl", "import", "db")
EXIT_OK, EXIT_FAILED = 0, 1


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """``--db URL``, as every command that opens the store takes it."""
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: $SUPPORTCHECK_DATABASE_URL, else SQLite in $SUPPORTCHECK_DATA_DIR)",
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``crawl``, ``import`` and ``db`` to the ``supportcheck`` command."""
    crawl_parser = subparsers.add_parser("crawl", help="scan every firm of a config file into the store")
    crawl_parser.add_argument(
        "config", type=Path, metavar="FIRMS.yaml", help="firms to scan (docs/config.md)"
    )
    crawl_parser.add_argument("--firm", action="append", default=[], help="scan only this firm (repeatable)")
    add_crawl_options(crawl_parser)
    add_db_option(crawl_parser)
    import_parser = subparsers.add_parser("import", help="store a JSON report made elsewhere, e.g. in CI")
    import_parser.add_argument("report", type=Path, metavar="REPORT.json")
    import_parser.add_argument(
        "--firm", metavar="NAME", help="file it under this firm (default: the report's)"
    )
    add_db_option(import_parser)
    db_parser = subparsers.add_parser("db", help="manage the store's database")
    db_commands = db_parser.add_subparsers(dest="db_command", required=True)
    upgrade_parser = db_commands.add_parser("upgrade", help="migrate the database to this version's schema")
    add_db_option(upgrade_parser)


def _import(args: argparse.Namespace) -> int:
    from server.store.db import open_store
    from server.store.importer import import_report

    with open_store(args.db)() as session:
        run = import_report(session, args.report, firm_name=args.firm)
        score = run.latest_judgement.score if run.latest_judgement else None
        print(f"imported {args.report} as run {run.id} of {run.firm.name} ({run.status}, score {score})")
    return EXIT_OK


def _crawl(args: argparse.Namespace) -> int:
    from functools import partial

    from rich.console import Console

    from checker.config import load_firms
    from server.store.crawl_firms import crawl_firms
    from server.store.db import data_dir, open_store
    from supportcheck.progress import scan_progress
    from supportcheck.report.firms_table import print_firms_table

    firms = load_firms(args.config)
    if args.firm:
        unknown = set(args.firm) - {firm.name for firm in firms}
        if unknown:
            raise UsageError(f"{args.config} has no firm named {', '.join(sorted(unknown))}")
        firms = [firm for firm in firms if firm.name in args.firm]
    console = Console(stderr=True)
    outcomes = crawl_firms(
        firms, open_store(args.db), settings_from(args), data_dir(), console, partial(scan_progress, console)
    )
    reports = {outcome.firm: outcome.report for outcome in outcomes if outcome.report is not None}
    print_firms_table(reports, f"supportcheck crawl: {args.config.name}", Console())
    failed = [outcome for outcome in outcomes if outcome.status == "error"]
    print(f"stored {len(outcomes) - len(failed)} of {len(outcomes)} firms' runs")
    return EXIT_FAILED if failed else EXIT_OK


def _upgrade(args: argparse.Namespace) -> int:
    from server.store.db import database_url, display_url, upgrade

    url = args.db or database_url()
    revision = upgrade(url)
    print(f"{display_url(url)} is at schema revision {revision}")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Runs a store command; a store or database failure is one line on stderr and exit code 1."""
    from sqlalchemy.exc import SQLAlchemyError

    from server.store.errors import StoreError

    try:
        commands = {"crawl": _crawl, "import": _import, "db": _upgrade}
        return commands[args.command](args)
    except StoreError as error:
        print(f"supportcheck: {error}", file=sys.stderr)
    except SQLAlchemyError as error:
        cause = str(getattr(error, "orig", None) or error).strip() or type(error).__name__
        print(f"supportcheck: the database failed: {cause.splitlines()[0]}", file=sys.stderr)
    return EXIT_FAILED
