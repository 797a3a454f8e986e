"""Report writers: the table, the HTML page, JUnit XML and JSON, fed with hostile page text.

The report built here has two locales (one blocked), channels of every kind, findings of every
outcome and impact, and XSS, markup and control-character payloads wherever page text ends up.
"""

from __future__ import annotations

import base64
import io
import re
import struct
import zlib
from pathlib import Path
from xml.etree import ElementTree

import pytest
from playwright.sync_api import Dialog, sync_playwright
from rich.console import Console

from checker.browser import find_chromium, launch_options
from checker.channels import (
    Channels,
    ChatChannel,
    ContactFormChannel,
    ContactLink,
    ContactPage,
    EmailChannel,
    HoursChannel,
    PhoneChannel,
)
from rules.model import Evidence, Finding, Impact, Outcome, RuleMeta
from rules.report.links import http_href
from rules.report.matrix import CHANNEL_KINDS, findings_by_impact, locale_matrix
from rules.report.model import (
    AppEntry,
    BrowserEntry,
    LocaleReport,
    PageEntry,
    Report,
    Target,
    ToolInfo,
)
from supportcheck.report import html as html_module
from supportcheck.report.html import render_html
from supportcheck.report.json_writer import UnknownFormatError, render_json, write_report
from supportcheck.report.junit import render_junit
from supportcheck.report.outputs import ReportTarget, ReportTargetError, report_targets, write_reports
from supportcheck.report.table import render_table, summary_rows

SCRIPT = "<script>window.__xss=1;alert(1)</script>"
IMG = '"><img src=x onerror="window.__xss=1;alert(1)">'
JS_URL = "javascript:window.__xss=1;alert(1)"
RICH_MARKUP = "[/bold][link=https://evil.example]click[/link]"
TERMINAL_ESCAPE = "\x1b]8;;https://evil.example\x1b\\forged\x1b]8;;\x1b\\\x1b[31m"

SHOT = "shots/en-US/home.png"


def _png(width: int = 40, height: int = 24) -> bytes:
    """A small valid RGB PNG, so browsers really decode the embedded screenshot."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x30\x80\xd0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def scan_dir(tmp_path: Path) -> Path:
    scan = tmp_path / "scan"
    (scan / "shots/en-US").mkdir(parents=True)
    (scan / SHOT).write_bytes(_png())
    (scan / "shots/en-US/huge.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (2 * 1024 * 1024 + 1))
    (scan / "shots/en-US/evil.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    (tmp_path / "outside.png").write_bytes(_png())
    return scan


def _finding(rule: str, outcome: Outcome, impact: Impact, locale: str | None, **evidence: str) -> Finding:
    return Finding(
        rule=rule,
        outcome=outcome,
        impact=impact,
        locale=locale,
        message=f"{rule} said {outcome.value} {SCRIPT} {RICH_MARKUP}",
        evidence=[Evidence(**evidence)] if evidence else [],
    )


@pytest.fixture
def report() -> Report:
    home = "https://shop.example/"
    contact = "https://shop.example/contact"
    en_channels = Channels(
        phone=[
            PhoneChannel(
                url=contact,
                selector="a[href^=tel]",
                snippet=f"Call {IMG}",
                number="+18005550100",
                display="1-800-555-0100",
                kind="toll_free",
                source="tel",
            )
        ],
        email=[EmailChannel(url=contact, address="help@shop.example", snippet=SCRIPT, source="mailto")],
        chat=[
            ChatChannel(url=home, vendor="intercom", human=True),
            ChatChannel(url=home, vendor="generic", human=False),
        ],
        contact_form=[ContactFormChannel(url=contact, selector="form#contact", fields=["email", IMG])],
        hours=[HoursChannel(url=contact, text="Mon–Fri 9–17")],
        contact_links=[ContactLink(url=home, href=JS_URL, text=SCRIPT, region="footer")],
        contact_page=ContactPage(url=contact, depth=1),
    )
    en = LocaleReport(
        locale="en-US",
        status="complete",
        vantage={"ip_country": "US", "accept_language": "en-US"},
        pages=[
            PageEntry(url=home, http_status=200, depth=0, title=f"Shop {SCRIPT}", screenshot=SHOT),
            PageEntry(url=contact, http_status=200, depth=1, title=IMG, screenshot="shots/en-US/huge.png"),
            PageEntry(
                url=JS_URL,
                depth=1,
                title="dead",
                error="navigation refused",
                error_kind="scheme",
                screenshot="../outside.png",
            ),
            PageEntry(url="https://shop.example/svg", depth=2, screenshot="shots/en-US/evil.svg"),
        ],
        channels=en_channels,
        apps=[AppEntry(store="apple", id="123", url=JS_URL, available=True)],
        findings=[
            _finding("test.phone", Outcome.PASS, Impact.MINOR, "en-US", url=contact),
            _finding(
                "contact.depth",
                Outcome.FAIL,
                Impact.SERIOUS,
                "en-US",
                url=JS_URL,
                selector=IMG,
                snippet=f"{SCRIPT} {TERMINAL_ESCAPE} \x0b\x00",
                screenshot=SHOT,
            ),
            _finding("human.channel", Outcome.FAIL, Impact.CRITICAL, "en-US", url=home, snippet=RICH_MARKUP),
            _finding("test.review", Outcome.NEEDS_REVIEW, Impact.MODERATE, "en-US", url=home),
            _finding("test.na", Outcome.NOT_APPLICABLE, Impact.MINOR, "en-US"),
            _finding("test.broken", Outcome.ERROR, Impact.MODERATE, "en-US"),
        ],
        score=41,
    )
    de = LocaleReport(
        locale="de-DE",
        status="blocked",
        status_reason=f"HTTP 403 {SCRIPT}",
        vantage={"ip_country": "DE"},
        pages=[PageEntry(url="https://shop.example/de/", http_status=403, title=IMG, error="blocked")],
        findings=[
            _finding("human.channel", Outcome.ERROR, Impact.CRITICAL, "de-DE"),
            _finding("contact.depth", Outcome.NOT_APPLICABLE, Impact.SERIOUS, "de-DE"),
        ],
    )
    return Report(
        tool=ToolInfo(name="supportcheck", version="0.1.0"),
        browser=BrowserEntry(version="131.0"),
        target=Target(url=home, firm=f"Shop {IMG}", entry_urls=[home]),
        started_at="2026-11-20T10:00:00Z",
        finished_at="2026-11-20T10:05:00Z",
        locales=[en, de],
        findings=[_finding("test.cross", Outcome.FAIL, Impact.MODERATE, None, url=home, snippet=RICH_MARKUP)],
        score=38,
    )


@pytest.fixture
def rule_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    """One known rule, with hostile-looking help text, so the writers do not depend on the real catalog."""
    meta = RuleMeta(
        id="contact.depth",
        title="Contact within reach",
        failure_title="Contact buried too deep",
        description="d",
        impact=Impact.SERIOUS,
        tags=("wcag22:3.2.6",),
        help=f"Link it. {SCRIPT}",
        references=("https://www.w3.org/WAI/WCAG22/Understanding/consistent-help", JS_URL),
    )
    monkeypatch.setattr(html_module, "_rule_metadata", lambda: {meta.id: meta})


# --- locale matrix -------------------------------------------------------------------------------


def test_matrix_cells_follow_locale_status(report: Report) -> None:
    locales, rows = locale_matrix(report)
    cells = dict(rows)
    assert locales == ["en-US", "de-DE"]
    assert [label for label, _ in rows] == [*CHANNEL_KINDS, "apple app 123"]
    assert cells["phone"] == ["found", "blocked"]
    assert cells["callback"] == ["missing", "blocked"]
    assert cells["contact_page"] == ["found", "blocked"]
    # The store's answer does not depend on the site: a locale that lists no answer is unknown.
    assert cells["apple app 123"] == ["found", "unknown"]

    partial = report.model_copy(
        update={
            "locales": [
                report.locales[0].model_copy(update={"status": "partial"}),
                report.locales[1].model_copy(update={"status": "error"}),
            ]
        }
    )
    partial_cells = dict(locale_matrix(partial)[1])
    assert partial_cells["phone"] == ["found", "unknown"]
    assert partial_cells["callback"] == ["unknown", "unknown"]


def test_app_cells_say_what_each_storefront_answered(report: Report) -> None:
    sold = report.locales[0].apps[0]
    report.locales[1].apps = [sold.model_copy(update={"available": False})]
    assert dict(locale_matrix(report)[1])["apple app 123"] == ["found", "blocked"]
    report.locales[0].apps[0].available = None
    assert dict(locale_matrix(report)[1])["apple app 123"] == ["unknown", "blocked"]


def test_findings_by_impact_puts_critical_first(report: Report) -> None:
    groups = findings_by_impact(report.all_findings(), [Outcome.FAIL])
    assert [impact for impact, _ in groups] == [Impact.CRITICAL, Impact.SERIOUS, Impact.MODERATE]
    assert [finding.rule for finding in groups[0][1]] == ["human.channel"]


# --- table ---------------------------------------------------------------------------------------


def test_summary_rows_hold_plain_counts(report: Report) -> None:
    en, de = summary_rows(report)
    assert (en.pages_visited, en.page_errors, en.phone, en.email, en.contact_page_depth) == (4, 1, 1, 1, 1)
    assert en.chats == (("intercom", True), ("generic", False))
    assert (de.status, de.score, de.phone) == ("blocked", None, 0)


def _table_text(report: Report, **console_options: object) -> str:
    buffer = io.StringIO()
    options: dict[str, object] = {"width": 160, **console_options}
    render_table(report, Console(file=buffer, **options))  # type: ignore[arg-type]
    return buffer.getvalue()


def test_table_lists_locales_and_findings_to_act_on(report: Report) -> None:
    output = _table_text(report)
    for text in (
        "en-US",
        "de-DE",
        "blocked",
        "intercom (human)",
        "generic (bot)",
        "Locale matrix",
        "human.channel",
        "contact.depth",
        "test.review",
        "test.broken",
        "test.cross",
        RICH_MARKUP,
    ):
        assert text in output
    assert "test.phone" not in output and "test.na" not in output  # pass and not_applicable need no action
    assert output.index("critical") < output.index("serious") < output.index("moderate")
    assert "\x1b" not in output


def test_table_reads_whole_at_80_columns(report: Report) -> None:
    """What a CI log or a pipe shows: no header, rule id, outcome or status cut or folded."""
    output = _table_text(report, width=80, no_color=True)
    lines = output.splitlines()
    assert "…" not in output and max(len(line) for line in lines) <= 80
    for header in ("Locale", "Status", "Pages", "Score", "Depth", "Channels found", "Channel or app"):
        assert header in output
    for status in ("complete", "blocked"):
        assert any(re.search(rf"\b{status}\b", line) for line in lines)
    heading = re.compile(r"^(\S+)  (en-US|de-DE|all locales)  (fail|needs_review|error)$")
    headings = {match.groups() for line in lines if (match := heading.match(line))}
    assert headings == {
        ("contact.depth", "en-US", "fail"),
        ("human.channel", "en-US", "fail"),
        ("human.channel", "de-DE", "error"),
        ("test.review", "en-US", "needs_review"),
        ("test.broken", "en-US", "error"),
        ("test.cross", "all locales", "fail"),
    }


def test_locale_matrix_splits_rather_than_cut_many_locales(report: Report) -> None:
    tags = ["en-US", "en-GB", "en-IE", "en-AU", "en-CA", "it-IT", "de-DE", "de-AT", "fr-FR", "es-ES"]
    many = report.model_copy(
        update={"locales": [report.locales[0].model_copy(update={"locale": tag}) for tag in tags]}
    )
    output = _table_text(many, width=80, no_color=True)
    assert "…" not in output and max(len(line) for line in output.splitlines()) <= 80
    assert "Locale matrix (1/" in output
    for tag in tags:
        assert re.search(rf"┃ {tag} +┃", output), f"{tag} has a whole column"


def test_table_without_terminal_has_no_escape_codes(report: Report) -> None:
    assert "\x1b" not in _table_text(report, force_terminal=False, no_color=True)


def test_table_on_a_terminal_keeps_page_text_from_driving_it(report: Report) -> None:
    output = _table_text(report, force_terminal=True, color_system="standard")
    assert "\x1b[" in output  # the table's own colours are there
    assert "\x1b]8;;https://evil.example" not in output and "evil.example\x1b" not in output


# --- HTML ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "\x01https://x.example",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "//evil.example/",
        "https://",
        "",
    ],
)
def test_http_href_refuses_everything_but_http_links(url: str) -> None:
    assert http_href(url) is None


def test_http_href_keeps_http_links() -> None:
    assert http_href(" https://shop.example/a?b=1 ") == "https://shop.example/a?b=1"
    assert http_href("HTTP://shop.example/") == "HTTP://shop.example/"


def test_html_escapes_every_payload(report: Report, scan_dir: Path, rule_metadata: None) -> None:
    page = render_html(report, scan_dir)
    for payload in (SCRIPT, IMG, "<img src=x", "<script", 'onerror="', "<svg"):
        assert payload not in page
    assert page.count("<img ") == 1  # the one embedded screenshot
    assert not re.search(r"href\s*=\s*[\"']?\s*(javascript|data|vbscript):", page, re.IGNORECASE)
    assert "&lt;script&gt;window.__xss=1;alert(1)&lt;/script&gt;" in page
    assert 'javascript:window.__xss=1;alert(1)</span> <span class="muted">(not linked)' in page
    assert "content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\"" in page
    assert not re.search(r"<(link|iframe|object|embed)\b|src=\"(https?:)?//", page)


def test_html_embeds_only_safe_screenshots(report: Report, scan_dir: Path) -> None:
    page = render_html(report, scan_dir)
    data_uri = "data:image/png;base64," + base64.b64encode((scan_dir / SHOT).read_bytes()).decode()
    assert page.count(data_uri) == 1  # the page and its finding share one copy
    assert page.count("data:image/") == 1
    assert "larger than 2 MB" in page
    assert "outside the scan folder" in page
    assert "not a PNG, JPEG or WebP image" in page
    assert "no scan folder given" in render_html(report, None)


def _matrix_row(page: str, label: str) -> list[str]:
    row = re.search(rf'<th scope="row">{label}</th>(.*?)</tr>', page)
    assert row, label
    return re.findall(r'<td class="cell-(\w+)">', row.group(1))


def test_html_shows_locales_matrix_and_rule_texts(
    report: Report, scan_dir: Path, rule_metadata: None
) -> None:
    page = render_html(report, scan_dir)
    assert 'id="locale-1"' in page and 'id="locale-2"' in page
    assert 'en-US <span class="status status-complete">' in page
    assert 'de-DE <span class="status status-blocked">' in page
    assert _matrix_row(page, "phone") == ["found", "blocked"]
    assert _matrix_row(page, "callback") == ["missing", "blocked"]
    assert _matrix_row(page, "apple app 123") == ["found", "unknown"]
    assert "Contact buried too deep" in page and "Link it. &lt;script&gt;" in page
    assert 'href="https://www.w3.org/WAI/WCAG22/Understanding/consistent-help"' in page
    assert "Across locales" in page and "test.cross" in page
    en_section = page[page.index('id="locale-1"') : page.index('id="locale-2"')]
    assert en_section.index(">Critical (") < en_section.index(">Serious (") < en_section.index(">Moderate (")


# --- JUnit and JSON ------------------------------------------------------------------------------


def test_junit_counts_outcomes_per_suite(report: Report) -> None:
    root = ElementTree.fromstring(render_junit(report).encode("utf-8"))
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert list(suites) == ["en-US", "de-DE", "cross-locale"]
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("9", "3", "2")
    en = suites["en-US"]
    assert [en.get(key) for key in ("tests", "failures", "errors", "skipped")] == ["6", "2", "1", "2"]
    assert len(root.findall(".//failure")) == 3
    assert len(root.findall(".//skipped")) == 3
    assert len(root.findall(".//error")) == 2
    failure = en.find("testcase[@name='contact.depth [en-US]']/failure")
    assert failure is not None and failure.get("type") == "serious"
    assert SCRIPT in failure.get("message", "") and SCRIPT in (failure.text or "")
    assert suites["de-DE"].findall("properties/property[@name='status'][@value='blocked']")
    assert suites["cross-locale"].findall("testcase[@name='test.cross [cross-locale]']")


def test_json_round_trips(report: Report) -> None:
    assert Report.model_validate_json(render_json(report)) == report


@pytest.mark.parametrize("fmt", ["json", "html", "junit", "table", "sarif"])
def test_write_report_writes_each_format(report: Report, scan_dir: Path, tmp_path: Path, fmt: str) -> None:
    output = tmp_path / "out" / f"report.{fmt}"
    assert write_report(report, fmt, output, scan_dir) == output
    assert "en-US" in output.read_text(encoding="utf-8")


def test_write_report_writes_table_files_as_plain_text(report: Report, tmp_path: Path) -> None:
    output = write_report(report, "table", tmp_path / "report.txt", None)
    assert output is not None and "\x1b" not in output.read_text(encoding="utf-8")


def test_write_report_prints_without_output(report: Report, capsys: pytest.CaptureFixture[str]) -> None:
    assert write_report(report, "junit", None, None) is None
    assert capsys.readouterr().out.startswith("<?xml")


def test_several_formats_go_into_one_folder(report: Report, scan_dir: Path, tmp_path: Path) -> None:
    targets = report_targets("json,html,sarif,junit,json", None, tmp_path / "out")
    assert targets == [
        ReportTarget("json", tmp_path / "out/report.json"),
        ReportTarget("html", tmp_path / "out/report.html"),
        ReportTarget("sarif", tmp_path / "out/report.sarif"),
        ReportTarget("junit", tmp_path / "out/report.junit.xml"),
    ]
    written = write_reports(report, targets, scan_dir)
    assert written == [target.output for target in targets]
    assert Report.model_validate_json((tmp_path / "out/report.json").read_text()) == report
    assert (tmp_path / "out/report.sarif").read_text().startswith('{\n  "$schema"')
    assert (tmp_path / "out/report.junit.xml").read_text().startswith("<?xml")


def test_one_format_keeps_output_and_standard_output(tmp_path: Path) -> None:
    assert report_targets("junit", tmp_path / "j.xml", None) == [ReportTarget("junit", tmp_path / "j.xml")]
    assert report_targets("table", None, None) == [ReportTarget("table", None)]


@pytest.mark.parametrize(
    ("formats", "output", "output_dir", "message"),
    [
        ("json,sarif", "r.json", None, "--output takes one format: write json, sarif with --output-dir DIR"),
        ("json,sarif", None, None, "several formats need a folder"),
        ("json", "r.json", "out", "not both"),
        ("json,pdf", None, "out", "unknown report format 'pdf'"),
        ("json,", None, "out", "unknown report format ''"),
    ],
)
def test_report_targets_refuse_what_does_not_go_together(
    formats: str, output: str | None, output_dir: str | None, message: str
) -> None:
    with pytest.raises((ReportTargetError, UnknownFormatError), match=re.escape(message)):
        report_targets(formats, Path(output) if output else None, Path(output_dir) if output_dir else None)


def test_write_report_refuses_unknown_format(report: Report) -> None:
    with pytest.raises(UnknownFormatError, match="choose one of: table, json, html, junit"):
        write_report(report, "pdf", None, None)


# --- the HTML in a real browser ------------------------------------------------------------------


CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')


@pytest.mark.browser
@pytest.mark.parametrize("keep_csp", [True, False], ids=["with-csp", "escaping-alone"])
def test_html_stays_inert_in_chromium(
    report: Report, scan_dir: Path, tmp_path: Path, rule_metadata: None, keep_csp: bool
) -> None:
    """No script runs, no dialog opens, nothing is fetched; escaping must hold even without the CSP."""
    choice = find_chromium()
    page_html = render_html(report, scan_dir)
    assert CSP_META.search(page_html)
    report_file = tmp_path / "report.html"
    report_file.write_text(page_html if keep_csp else CSP_META.sub("", page_html), encoding="utf-8")
    dialogs: list[str] = []
    requests: list[str] = []
    console_messages: list[tuple[str, str]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options(choice))
        page = browser.new_page(viewport={"width": 1100, "height": 900})

        def record_dialog(dialog: Dialog) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()  # a listener must close the dialog, or the page waits for it forever

        page.on("dialog", record_dialog)
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: console_messages.append((message.type, message.text)))
        page.goto(report_file.as_uri())
        page.wait_for_load_state("load")
        xss_marker = page.evaluate("() => window.__xss")
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))")
        fragments = [href for href in hrefs if href.startswith("#")]
        missing_targets = [href for href in fragments if page.query_selector(href) is None]
        image_widths = page.eval_on_selector_all("img", "images => images.map(image => image.naturalWidth)")
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        browser.close()
    assert dialogs == []
    assert xss_marker is None
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    assert [text for kind, text in console_messages if kind == "error"] == []
    assert all(href.startswith(("https://", "http://", "#")) for href in hrefs), hrefs
    assert fragments and missing_targets == []
    assert image_widths == [40]
