"""The commands that manage who may write: ``supportcheck user add NAME`` and
``supportcheck token create NAME [--upload-only | --read-only | --evidence-only]`` / ``token revoke PREFIX``.

``supportcheck.cli`` calls :func:`register` and hands the parsed arguments of :data:`COMMANDS` to
:func:`run`, as it does for ``supportcheck.commands.store``. A token is printed once, when made: the store
keeps only its hash.
"""

from __future__ import annotations

import argparse
import getpass
import sys

COMMANDS = ("user", "token")
EXIT_OK, EXIT_FAILED = 0, 1


def _with_db_option(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: $SUPPORTCHECK_DATABASE_URL, else SQLite in $SUPPORTCHECK_DATA_DIR)",
    )
    return parser


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``user`` and ``token`` to the ``supportcheck`` command."""
    user_commands = subparsers.add_parser("user", help="manage dashboard users").add_subparsers(
        dest="user_command", required=True
    )
    add = _with_db_option(user_commands.add_parser("add", help="add a user who may log in and write"))
    add.add_argument("name")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input (scripts)"
    )
    token_commands = subparsers.add_parser("token", help="manage API tokens").add_subparsers(
        dest="token_command", required=True
    )
    create = _with_db_option(token_commands.add_parser("create", help="make an API token and print it once"))
    create.add_argument("name", help="who will hold it, e.g. acme-ci")
    only = create.add_mutually_exclusive_group()
    only.add_argument(
        "--upload-only",
        action="store_true",
        help="may only upload reports (POST /api/v1/reports), e.g. from a company's CI",
    )
    only.add_argument("--read-only", action="store_true", help="may only read (a private dashboard's API)")
    only.add_argument(
        "--evidence-only",
        action="store_true",
        help="may only judge snapshots and send evidence (the browser extension); reads no firm's data",
    )
    revoke = _with_db_option(token_commands.add_parser("revoke", help="revoke a token"))
    revoke.add_argument("prefix", help="the token, or its first 10 characters as 'token create' printed")


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass(f"password for {args.name}: ")
    if getpass.getpass("again: ") != password:
        raise ValueError("the two passwords differ")
    return password


def _run(args: argparse.Namespace) -> int:
    from server.auth.accounts import create_token, create_user, revoke_token
    from server.auth.models import SCOPES
    from server.store.db import open_store

    if args.command == "user":
        password = _password(args)
        with open_store(args.db)() as session:
            user = create_user(session, args.name, password)
        print(f"added user {user.name}")
        return EXIT_OK
    with open_store(args.db)() as session:
        if args.token_command == "revoke":
            count = revoke_token(session, args.prefix)
            print(f"revoked {count} token(s) starting with {args.prefix[:10]}")
            return EXIT_OK if count else EXIT_FAILED
        scopes = (
            ("upload",)
            if args.upload_only
            else ("read",)
            if args.read_only
            else ("evidence",)
            if args.evidence_only
            else SCOPES
        )
        issued = create_token(session, args.name, scopes)
    print(f"token {issued.token.prefix}… for {issued.token.name}, scopes {', '.join(issued.token.scopes)}:")
    print(issued.secret)
    print("It is shown only now: keep it in your CI's secret store.", file=sys.stderr)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Runs a user or token command; a mistake or a database failure is one line and exit code 1."""
    from sqlalchemy.exc import SQLAlchemyError

    from server.store.errors import StoreError

    try:
        return _run(args)
    except (ValueError, StoreError) as error:  # AccountError is a ValueError
        print(f"supportcheck: {error}", file=sys.stderr)
    except SQLAlchemyError as error:
        cause = str(getattr(error, "orig", None) or error).strip() or type(error).__name__
        print(f"supportcheck: the database failed: {cause.splitlines()[0]}", file=sys.stderr)
    return EXIT_FAILED
