"""The store's commands: ``supportcheck import REPORT.json`` and ``supportcheck db upgrade``.

``checker.cli`` calls :func:`register` and hands the parsed arguments of :data:`COMMANDS` to
:func:`run`. SQLAlchemy and Alembic are imported only when one of these commands runs, so the
other commands start as fast as before.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

COMMANDS = ("import", "db")
EXIT_OK, EXIT_FAILED = 0, 1


def _add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: $SUPPORTCHECK_DATABASE_URL, else SQLite in $SUPPORTCHECK_DATA_DIR)",
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``import`` and ``db`` to the ``supportcheck`` command."""
    import_parser = subparsers.add_parser("import", help="store a JSON report made elsewhere, e.g. in CI")
    import_parser.add_argument("report", type=Path, metavar="REPORT.json")
    import_parser.add_argument(
        "--firm", metavar="NAME", help="file it under this firm (default: the report's)"
    )
    _add_db_option(import_parser)
    db_parser = subparsers.add_parser("db", help="manage the store's database")
    db_commands = db_parser.add_subparsers(dest="db_command", required=True)
    upgrade_parser = db_commands.add_parser("upgrade", help="migrate the database to this version's schema")
    _add_db_option(upgrade_parser)


def _import(args: argparse.Namespace) -> int:
    from server.store.db import open_store
    from server.store.importer import import_report

    with open_store(args.db)() as session:
        run = import_report(session, args.report, firm_name=args.firm)
        score = run.latest_judgement.score if run.latest_judgement else None
        print(f"imported {args.report} as run {run.id} of {run.firm.name} ({run.status}, score {score})")
    return EXIT_OK


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
        return _upgrade(args) if args.command == "db" else _import(args)
    except StoreError as error:
        print(f"supportcheck: {error}", file=sys.stderr)
    except SQLAlchemyError as error:
        cause = str(getattr(error, "orig", None) or error).strip() or type(error).__name__
        print(f"supportcheck: the database failed: {cause.splitlines()[0]}", file=sys.stderr)
    return EXIT_FAILED
