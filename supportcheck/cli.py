"""The ``supportcheck`` command: scan, rejudge, doctor and rules.

Exit codes follow pa11y: 0 when no finding at or above ``--fail-on`` fails, 2 when one does,
1 when the tool itself failed (bad input, no browser, a broken scan folder).
"""

from __future__ import annotations

import argparse
import gc
import sys
from datetime import UTC, datetime
from pathlib import Path

from playwright.async_api import Error as PlaywrightError
from rich.console import Console

from checker.appstores.model import AppRef, parse_app_spec
from checker.browser import BrowserNotFound
from checker.config import AssertConfig, ConfigError, load_firms
from checker.doctor import run_doctor
from checker.gather.language import warm_up as warm_up_language_model
from checker.job import ScanRequest
from checker.locales import UnknownLocale, resolve_locale
from checker.probe import ProbeError
from checker.scan import IncompleteScan, load_scan, save_gathered_answers, scan
from checker.site import host_of
from checker.timings import phase
from rules.model import Impact, Outcome
from rules.report.build import build_report
from rules.report.model import Report
from supportcheck.assertions import add_assert_options, assertions_for, check_assertions
from supportcheck.cli_options import UsageError, add_crawl_options, settings_from
from supportcheck.commands import auth as auth_cli
from supportcheck.commands import schedule as schedule_cli
from supportcheck.commands import serve as serve_cli
from supportcheck.commands import store as store_cli
from supportcheck.commands import upload as upload_cli
from supportcheck.progress import scan_progress
from supportcheck.report.json_writer import FORMATS
from supportcheck.report.outputs import ReportTarget, report_targets, write_reports

DEFAULT_LOCALES = ("en-US",)
EXIT_OK, EXIT_TOOL_FAILED, EXIT_FINDINGS = 0, 1, 2
FULL_COLLECTION_THRESHOLD = 100  # gc: middle-generation collections per full pass (default 10)


def _add_report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        default="table",
        metavar="FORMAT[,FORMAT...]",
        help=f"report format(s), comma-separated: {', '.join(FORMATS)} (default: table)",
    )
    parser.add_argument("--output", type=Path, help="write the report here instead of standard output")
    parser.add_argument(
        "--output-dir",
        type=Path,
        metavar="DIR",
        help="write each --format into DIR (report.json, report.html, report.sarif, report.junit.xml, ...)",
    )
    parser.add_argument(
        "--fail-on",
        default="serious",
        choices=[*(impact.value for impact in Impact), "none"],
        help="exit 2 when a finding of this impact or worse fails (default: serious)",
    )
    add_assert_options(parser)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="supportcheck", description="Can a customer actually reach help?")
    commands = parser.add_subparsers(dest="command", required=True)

    scan_parser = commands.add_parser("scan", help="crawl a site from several locales and judge it")
    scan_parser.add_argument("urls", nargs="*", metavar="URL", help="entry URL(s) of one firm")
    scan_parser.add_argument(
        "--config",
        type=Path,
        metavar="FIRM.yaml",
        help="firm config file (entry URLs, locales, apps, proxies; see docs/config.md) instead of URLs",
    )
    scan_parser.add_argument(
        "--app",
        action="append",
        default=[],
        dest="apps",
        metavar="STORE:ID",
        help="an app to check in every locale's store: apple:284882215, google:com.example.app (repeatable)",
    )
    scan_parser.add_argument(
        "--locale", action="append", dest="locales", help="locale tag, repeatable (default en-US)"
    )
    scan_parser.add_argument("--firm", help="firm name for the report (default: the entry host)")
    scan_parser.add_argument(
        "--proxy",
        action="append",
        default=[],
        metavar="LOCALE=URL",
        help="visit from a real vantage point: it-IT=socks5://host:1080 (repeatable)",
    )
    scan_parser.add_argument("--scan-dir", type=Path, help="folder for snapshots and screenshots")
    add_crawl_options(scan_parser)
    _add_report_options(scan_parser)

    rejudge_parser = commands.add_parser("rejudge", help="judge a saved scan folder again, without a browser")
    rejudge_parser.add_argument("scan_dir", type=Path)
    _add_report_options(rejudge_parser)

    doctor_parser = commands.add_parser("doctor", help="show the browser and settings a scan would use")
    doctor_parser.add_argument("--quiet", action="store_true", help="print only problems")

    rules_parser = commands.add_parser("rules", help="list the rules")
    rules_parser.add_argument("--markdown", action="store_true", help="print docs/rules.md")
    store_cli.register(commands)
    auth_cli.register(commands)
    serve_cli.register(commands)
    upload_cli.register(commands)
    schedule_cli.register(commands)
    return parser


def _default_scan_dir(url: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path("supportcheck-scans") / f"{host_of(url) or 'site'}-{stamp}"


def _apps_from(specs: list[str]) -> tuple[AppRef, ...]:
    try:
        return tuple(parse_app_spec(spec) for spec in specs)
    except ValueError as error:
        raise UsageError(f"--app {error}") from error


def _request_from(args: argparse.Namespace) -> ScanRequest:
    if args.config is not None:
        return _request_from_config(args)
    if not args.urls:
        raise UsageError("give the entry URL(s) of a firm, or --config FIRM.yaml")
    for url in args.urls:
        if not url.startswith(("http://", "https://")):
            raise UsageError(f"{url!r} is not an http(s) URL")
    try:
        proxies = _proxies(args.proxy)
        locales = tuple(
            resolve_locale(tag).with_proxy(proxies.get(resolve_locale(tag).tag))
            for tag in (args.locales or DEFAULT_LOCALES)
        )
    except UnknownLocale as error:
        raise UsageError(str(error)) from error
    unused = set(proxies) - {locale.tag for locale in locales}
    if unused:
        raise UsageError(f"--proxy names locales that are not scanned: {', '.join(sorted(unused))}")
    return ScanRequest(
        firm=args.firm or host_of(args.urls[0]),
        entry_urls=tuple(args.urls),
        locales=locales,
        settings=settings_from(args),
        apps=_apps_from(args.apps),
    )


def _request_from_config(args: argparse.Namespace) -> ScanRequest:
    """The one firm of a config file (or the one ``--firm`` names), plus any ``--app``.

    The file says where and what to scan, so URLs, ``--locale`` and ``--proxy`` are refused
    beside it rather than silently merged; its ``settings`` override the command-line ones.
    """
    clashing = [
        flag
        for flag, given in (("URL", args.urls), ("--locale", args.locales), ("--proxy", args.proxy))
        if given
    ]
    if clashing:
        raise UsageError(f"{', '.join(clashing)} cannot be combined with --config; put them in the file")
    firms = load_firms(args.config)
    if args.firm:
        firms = [firm for firm in firms if firm.name == args.firm]
        if not firms:
            raise UsageError(f"{args.config} has no firm named {args.firm!r}")
    if len(firms) > 1:
        names = ", ".join(firm.name for firm in firms)
        raise UsageError(
            f"{args.config} lists {len(firms)} firms ({names}): "
            "pick one with --firm, or scan them all with 'supportcheck crawl'"
        )
    request = firms[0].scan_request(settings_from(args))
    extra = _apps_from(args.apps)
    return request.model_copy(update={"apps": tuple(dict.fromkeys([*request.apps, *extra]))})


def _proxies(values: list[str]) -> dict[str, str]:
    proxies: dict[str, str] = {}
    for value in values:
        tag, separator, url = value.partition("=")
        if not separator or not url.startswith(("http://", "https://", "socks5://", "socks4://")):
            raise UsageError(f"--proxy {value!r}: expected LOCALE=URL with an http(s):// or socks5:// URL")
        proxies[resolve_locale(tag).tag] = url
    return proxies


def exit_code_for(report: Report, fail_on: str) -> int:
    """0, or 2 when a finding at or above ``fail_on`` fails; 1 when no locale could be scanned at all."""
    if report.locales and all(locale.status == "error" for locale in report.locales):
        reasons = "; ".join(f"{locale.locale}: {locale.status_reason}" for locale in report.locales)
        print(f"supportcheck: no locale could be scanned ({reasons})", file=sys.stderr)
        return EXIT_TOOL_FAILED
    if fail_on == "none":
        return EXIT_OK
    threshold = Impact(fail_on).rank
    failing = [f for f in report.all_findings() if f.outcome is Outcome.FAIL and f.impact.rank >= threshold]
    return EXIT_FINDINGS if failing else EXIT_OK


def _emit(report: Report, args: argparse.Namespace, scan_dir: Path, assertions: AssertConfig | None) -> int:
    with phase("report"):
        write_reports(report, args.report_targets, scan_dir)
    exit_code = exit_code_for(report, args.fail_on)
    if assertions is None or exit_code == EXIT_TOOL_FAILED:
        return exit_code
    # With --assert, --fail-on is the assertions' preset, so they alone decide (Lighthouse CI's way).
    return EXIT_FINDINGS if check_assertions(report, assertions, args.fail_on) else EXIT_OK


def _report_targets(args: argparse.Namespace) -> list[ReportTarget]:
    """The reports to write, checked before a scan starts so that a typo costs no scan."""
    try:
        return report_targets(args.format, args.output, args.output_dir)
    except ValueError as error:
        raise UsageError(str(error)) from error


def _spare_the_collector() -> None:
    """A scan or a rejudge holds hundreds of thousands of small objects (the pages' probe
    results) until its report is written; full passes of the cyclic garbage collector over them
    cost about 0.2 s per 60 pages and free nothing. What the imports made is frozen out of its
    way and full passes come ten times less often. Only these short-lived commands do this;
    ``serve`` and the workers keep Python's defaults."""
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_THRESHOLD)


def _scan(args: argparse.Namespace) -> int:
    _spare_the_collector()
    request = _request_from(args)
    assertions = assertions_for(args.assert_requested, args.assertions, args.config, request.firm)
    scan_dir = args.scan_dir or _default_scan_dir(request.entry_urls[0])
    status = Console(stderr=True)
    with scan_progress(
        status, [locale.tag for locale in request.locales], request.settings.max_pages
    ) as on_page:
        result = scan(request, scan_dir, on_page=on_page)
    status.print(
        f"snapshots saved in {scan_dir} (re-judge with: supportcheck rejudge {scan_dir})", highlight=False
    )
    report = build_report(result)
    save_gathered_answers(result, scan_dir)
    return _emit(report, args, scan_dir, assertions)


def _rejudge(args: argparse.Namespace) -> int:
    _spare_the_collector()
    assertions = assertions_for(args.assert_requested, args.assertions, None, "")
    result = load_scan(args.scan_dir)
    if result.gathered_pages == 0:
        warm_up_language_model()  # the pages are gathered anew: read the model while rules load
    report = build_report(result)
    if result.gathered_pages == 0:
        save_gathered_answers(result, args.scan_dir)  # for the next rejudge, with today's gatherers
    return _emit(report, args, args.scan_dir, assertions)


def _rules(args: argparse.Namespace, console: Console) -> int:
    from rules.docs import rules_markdown, rules_table

    if args.markdown:
        sys.stdout.write(rules_markdown())
    else:
        console.print(rules_table())
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    console = Console()
    try:
        if args.command == "doctor":
            return run_doctor(quiet=args.quiet)
        if args.command == "rules":
            return _rules(args, console)
        if args.command in ("scan", "rejudge"):
            args.report_targets = _report_targets(args)
        if args.command == "rejudge":
            return _rejudge(args)
        if args.command in store_cli.COMMANDS:
            return store_cli.run(args)
        if args.command in auth_cli.COMMANDS:
            return auth_cli.run(args)
        if args.command in serve_cli.COMMANDS:
            return serve_cli.run(args)
        if args.command in upload_cli.COMMANDS:
            return upload_cli.run(args)
        if args.command in schedule_cli.COMMANDS:
            return schedule_cli.run(args)
        return _scan(args)
    except (UsageError, ConfigError, BrowserNotFound, IncompleteScan, ProbeError, OSError) as error:
        print(f"supportcheck: {error}", file=sys.stderr)
        return EXIT_TOOL_FAILED
    except PlaywrightError as error:
        first_line = error.message.strip().splitlines()[0] if error.message.strip() else "unknown error"
        print(f"supportcheck: the browser failed: {first_line} (run 'supportcheck doctor')", file=sys.stderr)
        return EXIT_TOOL_FAILED
    except KeyboardInterrupt:
        print(
            "supportcheck: interrupted; the scan folder has no scan.json and is marked incomplete",
            file=sys.stderr,
        )
        return EXIT_TOOL_FAILED


if __name__ == "__main__":
    sys.exit(main())
