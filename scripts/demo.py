"""`make demo`: serves the bundled demo firms on loopback and audits each from three locales.

Prints a summary table per firm and one across firms, and writes JSON and HTML reports into the
folder it names at the end. The firms live in tests/sites/ and are the same ones the tests crawl.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from checker.job import CrawlSettings, ScanRequest  # noqa: E402
from checker.locales import resolve_locale  # noqa: E402
from checker.report.build import build_report  # noqa: E402
from checker.report.json_writer import write_report  # noqa: E402
from checker.report.model import Report  # noqa: E402
from checker.scan import scan  # noqa: E402
from tests.sites import DEMO_FIRMS, FixtureServer  # noqa: E402

DEMO_LOCALES = ("en-US", "it-IT", "de-DE")
KEY_RULES = ("human.channel", "human.bot-only", "contact.depth", "contact.login-wall", "callback.offered")


def _outcome(report: Report, locale: str, rule_id: str) -> str:
    for locale_report in report.locales:
        if locale_report.locale == locale:
            for finding in locale_report.findings:
                if finding.rule == rule_id:
                    return finding.outcome.value
    return "-"


def _overview(reports: dict[str, Report]) -> Table:
    table = Table(title="supportcheck demo: all firms")
    for column in ("firm", "locale", "score", *KEY_RULES):
        table.add_column(column)
    for firm, report in reports.items():
        for locale_report in report.locales:
            score = "-" if locale_report.score is None else str(locale_report.score)
            table.add_row(
                firm,
                locale_report.locale,
                score,
                *(_outcome(report, locale_report.locale, rule) for rule in KEY_RULES),
            )
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=Path("reports/demo"))
    args = parser.parse_args()
    console = Console()
    reports: dict[str, Report] = {}
    with FixtureServer(DEMO_FIRMS) as server:
        settings = CrawlSettings(
            host_resolver_rules=server.host_resolver_rules, page_timeout_s=10, deadline_s=120
        )
        locales = tuple(resolve_locale(tag) for tag in DEMO_LOCALES)
        for firm in DEMO_FIRMS:
            console.rule(f"{firm.name}: {server.entry_url(firm.name)}")
            firm_dir = args.output / firm.name
            request = ScanRequest(
                firm=firm.name, entry_urls=(server.entry_url(firm.name),), locales=locales, settings=settings
            )
            report = build_report(scan(request, firm_dir / "scan"))
            write_report(report, "table", None, firm_dir / "scan")
            write_report(report, "json", firm_dir / "report.json", firm_dir / "scan")
            write_report(report, "html", firm_dir / "report.html", firm_dir / "scan")
            reports[firm.name] = report
    console.print(_overview(reports))
    console.print(f"Reports (JSON and HTML) for each firm are in {args.output.resolve()}/<firm>/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
