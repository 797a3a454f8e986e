"""The "Accessible support" section of the JSON, terminal and HTML reports, from a saved snapshot."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from checker.snapshot import LocaleSnapshots
from rules.report.build import judge_locale_snapshots
from rules.report.model import BrowserEntry, Report, Target, ToolInfo
from supportcheck.report.html import render_html
from supportcheck.report.table import render_table

SAVED = Path(__file__).resolve().parent / "rules" / "saved" / "contact-form-unlabelled.json"


def _report() -> Report:
    locale = judge_locale_snapshots(LocaleSnapshots.load(SAVED))
    return Report(
        tool=ToolInfo(name="supportcheck", version="test"),
        browser=BrowserEntry(),
        target=Target(url=locale.pages[0].url),
        started_at="2026-12-02T10:00:00+00:00",
        finished_at="2026-12-02T10:01:00+00:00",
        locales=[locale],
    )


def test_json_keeps_axe_results_per_checked_page() -> None:
    [locale] = json.loads(_report().to_json())["locales"]
    checked = {page["url"].rsplit("/", 1)[-1]: page for page in locale["accessibility"]}
    form_page = checked["contact"]
    [label] = form_page["axe"]["violations"]
    assert label["id"] == "label" and label["impact"] == "critical"
    assert label["help_url"].startswith("https://dequeuniversity.com/rules/axe/4.14/label")
    assert {node["support"] for node in label["nodes"]} == {"contact_form"}
    assert all(node["target"] for node in label["nodes"])


def test_terminal_and_html_show_the_section_with_its_worst_outcome() -> None:
    report = _report()
    console = Console(record=True, width=100, no_color=True)
    render_table(report, console)
    text = console.export_text()
    assert "Accessible support: fail" in text
    assert "a11y.contact-form" in text
    html = render_html(report, None)
    assert '<h3>Accessible support <span class="status status-fail">fail</span></h3>' in html
    assert "Form elements must have labels" in html
