"""``supportcheck serve``: the dashboard and API on this machine, for a team or a laptop.

The built-in server is werkzeug's threaded one, enough for a handful of readers; behind a real
deployment run the app factory under a WSGI server (``gunicorn 'server:create_app()'``).
"""

from __future__ import annotations

import argparse

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


def run(args: argparse.Namespace) -> int:
    from werkzeug.serving import run_simple

    from server import create_app

    config: dict[str, object] = {}
    if args.db:
        config["SUPPORTCHECK_DATABASE_URL"] = args.db
    if args.public_read:
        config["SUPPORTCHECK_PUBLIC_READ"] = "1"
    print(f"supportcheck dashboard on http://{args.host}:{args.port}/ (Ctrl-C stops it)")
    run_simple(args.host, args.port, create_app(config), threaded=True)
    return 0
