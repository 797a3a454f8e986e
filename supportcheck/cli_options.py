"""Command-line options that every crawling command shares (``scan``, ``crawl``), and their reading.

One definition keeps ``supportcheck scan`` and ``supportcheck crawl`` from drifting apart.
"""

from __future__ import annotations

import argparse

from pydantic import ValidationError

from checker.job import CrawlSettings


class UsageError(ValueError):
    """A user mistake: printed as one line, exit code 1."""


def add_crawl_options(parser: argparse.ArgumentParser) -> None:
    """Budgets, manners and browser options of a crawl."""
    parser.add_argument("--max-pages", type=int, default=25, help="pages per locale (default 25)")
    parser.add_argument("--max-depth", type=int, default=4, help="clicks from the entry page (default 4)")
    parser.add_argument("--page-timeout", type=float, default=15.0, help="seconds per page (default 15)")
    parser.add_argument("--deadline", type=float, default=300.0, help="seconds per scan (default 300)")
    parser.add_argument("--ignore-robots", action="store_true", help="do not obey robots.txt (recorded)")
    parser.add_argument("--no-screenshots", action="store_true", help="take no screenshots")
    parser.add_argument(
        "--no-app-stores", action="store_true", help="do not ask the app stores (apps stay 'unknown')"
    )
    parser.add_argument("--host-resolver-rules", help="Chromium host mapping, e.g. 'MAP *.test 127.0.0.1'")


def settings_from(args: argparse.Namespace) -> CrawlSettings:
    """The crawl settings the options ask for.

    Raises:
        UsageError: naming the first invalid value.
    """
    try:
        return CrawlSettings(
            max_pages=args.max_pages,
            max_depth=args.max_depth,
            page_timeout_s=args.page_timeout,
            deadline_s=args.deadline,
            ignore_robots=args.ignore_robots,
            screenshots=not args.no_screenshots,
            host_resolver_rules=args.host_resolver_rules,
            check_app_stores=not args.no_app_stores,
        )
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise UsageError(f"invalid option {field}: {first['msg']}") from error
