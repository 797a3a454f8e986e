"""`make demo`: the main job on the embedded default, against firms served on loopback.

Serves the bundled demo firms and fake Apple and Google app stores on 127.0.0.1, writes a firm
config file for them, and runs ``supportcheck crawl`` on it into a SQLite store under the output
folder, each firm from three locales. Prints a table across firms and writes each firm's JSON
and HTML report. The firms live in tests/sites/ and are the same ones the tests crawl.
"""

from __future__ import annotations

import argparse
import os
import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console  # noqa: E402

from checker.config import load_firms  # noqa: E402
from checker.job import CrawlSettings  # noqa: E402
from rules.report.model import Report  # noqa: E402
from server.store.crawl_firms import crawl_firms  # noqa: E402
from server.store.db import database_url, open_store  # noqa: E402
from supportcheck.progress import scan_progress  # noqa: E402
from supportcheck.report.firms_table import print_firms_table  # noqa: E402
from supportcheck.report.outputs import report_targets, write_reports  # noqa: E402
from tests.sites import DEMO_FIRMS, FixtureServer  # noqa: E402
from tests.sites.stores import FakeAppStores  # noqa: E402

DEMO_LOCALES = ("en-US", "it-IT", "de-DE")


def _firms_yaml(server: FixtureServer) -> str:
    """The config a user would write for these firms (docs/config.md)."""
    lines = ["firms:"]
    for firm in DEMO_FIRMS:
        lines += [f"  - name: {firm.name}", f"    url: {server.entry_url(firm.name)}"]
    lines += ["defaults:", f"  locales: [{', '.join(DEMO_LOCALES)}]"]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=Path("reports/demo"))
    args = parser.parse_args()
    console = Console()
    data_dir = (args.output / "supportcheck-data").resolve()
    os.environ["SUPPORTCHECK_DATA_DIR"] = str(data_dir)
    args.output.mkdir(parents=True, exist_ok=True)
    with FixtureServer(DEMO_FIRMS) as server, FakeAppStores() as stores:
        os.environ.update(stores.env)
        config = args.output / "firms.yaml"
        config.write_text(_firms_yaml(server), encoding="utf-8")
        settings = CrawlSettings(
            host_resolver_rules=server.host_resolver_rules,
            page_timeout_s=10,
            deadline_s=120,
            store_timeout_s=3,
        )
        outcomes = crawl_firms(
            load_firms(config), open_store(), settings, data_dir, console, partial(scan_progress, console)
        )
    reports: dict[str, Report] = {}
    for outcome in outcomes:
        if outcome.report is None:
            console.print(f"{outcome.firm}: {outcome.error}", markup=False)
            continue
        targets = report_targets("json,html", None, args.output / outcome.firm)
        write_reports(outcome.report, targets, outcome.scan_dir)
        reports[outcome.firm] = outcome.report
    print_firms_table(reports, "supportcheck demo: all firms", console)
    console.print(f"Store: {database_url(data_dir)} ({len(outcomes)} runs); config: {config}")
    console.print(f"Reports (JSON and HTML) for each firm are in {args.output.resolve()}/<firm>/")
    console.print(
        f"Browse them: SUPPORTCHECK_DATA_DIR={data_dir} .venv/bin/supportcheck serve --public-read",
        markup=False,
        highlight=False,
    )
    return 0 if len(reports) == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
