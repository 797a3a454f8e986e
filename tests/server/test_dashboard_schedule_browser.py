"""A writer's walk in real Chromium: log in, give a firm a schedule and an alert channel, run it now,
find it in the queue, be told nicely that it is already queued, and read the changes feed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect, sync_playwright

from checker.browser import find_chromium, launch_options
from tests.server.conftest import add_user
from tests.server.serving import serve_app
from tests.server.test_dashboard_browser import snap

pytestmark = pytest.mark.browser


@pytest.fixture
def base_url(ledger_app: Flask) -> Iterator[str]:
    add_user(ledger_app)
    with serve_app(ledger_app) as url:
        yield url


@pytest.fixture
def page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        choice = find_chromium(playwright_chromium=playwright.chromium.executable_path)
        browser: Browser = playwright.chromium.launch(**launch_options(choice))  # type: ignore[arg-type]
        context = browser.new_context(
            locale="en-GB", timezone_id="Europe/Rome", viewport={"width": 1280, "height": 900}
        )
        yield context.new_page()
        browser.close()


def test_a_writer_schedules_a_firm_runs_it_now_and_reads_the_changes(page: Page, base_url: str) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    page.goto(base_url + "/firms/acme-bank")
    page.wait_for_url(re.compile(r"/login"))
    page.get_by_label("Name").fill("alice")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/firms/acme-bank$"))
    expect(page.locator("section.schedule-summary")).to_contain_text("Not scheduled")

    page.get_by_role("link", name="Schedule and alert settings").click()
    page.get_by_label("Cron line").fill("0 6 * * 1")
    page.get_by_label("Time zone").fill("Europe/Rome")
    page.get_by_label("Jitter (seconds)").fill("600")
    page.get_by_role("button", name="Save schedule").click()
    expect(page.get_by_role("status")).to_contain_text("Schedule saved.")
    expect(page.locator("dl.schedule")).to_contain_text("Europe/Rome")
    page.get_by_label("Cron line").fill("every monday")
    page.get_by_role("button", name="Save schedule").click()
    expect(page.get_by_role("alert")).to_contain_text("bad cron expression 'every monday'")

    page.get_by_label("Kind").select_option("email")
    page.get_by_label("Address or URL").fill("ops@acme.example")
    page.get_by_label("Runs that must agree").fill("2")
    page.get_by_label("Weekly digest").check()
    page.get_by_role("button", name="Add channel").click()
    expect(page.locator("table.channels")).to_contain_text("ops@acme.example")
    snap(page, "10-firm-settings")

    page.goto(base_url + "/firms/acme-bank")
    expect(page.locator("section.schedule-summary")).to_contain_text("0 6 * * 1")
    page.get_by_role("button", name="Run now").click()
    page.wait_for_url(re.compile(r"/queue$"))
    expect(page.get_by_role("status")).to_contain_text("of Acme Bank is queued.")
    expect(page.locator("table.queued")).to_contain_text("Acme Bank")
    expect(page.locator("table.running")).to_contain_text("Ghost Co")
    snap(page, "11-queue")

    page.goto(base_url + "/firms/acme-bank")
    page.get_by_role("button", name="Run now").click()
    expect(page.get_by_role("heading", name="Acme Bank is already being crawled")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("is queued")
    snap(page, "12-run-busy")

    page.get_by_role("link", name="Changes").click()
    page.get_by_label("Firm").select_option("acme-bank")
    page.get_by_label("Change").select_option("channel_vanished")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"kind=channel_vanished"))
    expect(page.locator("ul.feed li", has_text="phone number").first).to_be_visible()
    snap(page, "13-changes")
    assert violations == []
