"""The dashboard in real Chromium against a real server: a reader's walk through it, and hostile data.

The server is the app under werkzeug on 127.0.0.1 in a thread; the browser is the system Chromium
found as everywhere else. Each page visited is saved as a screenshot in ``test-artifacts/dashboard``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, expect, sync_playwright

from checker.browser import find_chromium, launch_options
from server import create_app
from tests.server.conftest import HOSTILE_SLUG, FilledStore, server_config
from tests.server.serving import serve_app

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"
ISO_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}T")


@pytest.fixture(scope="module")
def base_url(filled_store: FilledStore) -> Iterator[str]:
    """The dashboard served over HTTP on a free loopback port for the module's tests."""
    with serve_app(create_app(server_config(filled_store))) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        choice = find_chromium(playwright_chromium=playwright.chromium.executable_path)
        launched = playwright.chromium.launch(**launch_options(choice))  # type: ignore[arg-type]
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A German-speaking reader in Berlin, so that dates visibly change to the viewer's locale."""
    context = browser.new_context(
        locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1280, "height": 900}
    )
    opened = context.new_page()
    yield opened
    context.close()


def snap(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_reader_filters_opens_a_firm_its_evidence_a_diff_and_a_comparison(
    page: Page, base_url: str
) -> None:
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", name="Can customers reach support?")).to_be_visible()
    first_date = page.locator("table.ranking time").first
    expect(first_date).not_to_have_text(ISO_TEXT)  # dates.js ran and used the viewer's locale
    snap(page, "01-overview")

    page.get_by_label("Sector").select_option("bank")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"sector=bank"))
    firm_links = page.locator("table.ranking a.firm")
    expect(firm_links).to_have_text(["Acme Bank"])
    snap(page, "02-overview-filtered")

    firm_links.first.click()
    page.wait_for_url(re.compile(r"/firms/acme-bank$"))
    expect(page.locator("table.matrix")).to_contain_text("blocked")
    expect(page.locator("svg.trend circle")).to_have_count(3)
    snap(page, "03-firm")

    thumbnail = page.locator(".finding a.thumb").first
    with page.context.expect_page() as opened:
        thumbnail.click()
    picture = opened.value
    picture.wait_for_load_state()
    assert picture.evaluate("document.images.length === 1 && document.images[0].naturalWidth") == 480
    snap(picture, "04-screenshot")
    picture.close()

    page.get_by_role("link", name="What changed since the previous run").click()
    page.wait_for_url(re.compile(r"/firms/acme-bank/diff"))
    runs = page.get_by_label("From").locator("option")
    page.get_by_label("From").select_option(runs.last.get_attribute("value") or "")
    page.get_by_role("button", name="Compare runs").click()
    page.wait_for_url(re.compile(r"from=\d+&to=\d+"))
    vanished = page.locator("ul.changes li", has_text="Phone number")
    expect(vanished.first).to_contain_text("removed from the page https://www.acme-bank.test/contact on")
    snap(page, "05-diff")

    page.goto(base_url + "/")
    page.get_by_label("Compare Acme Bank").check()
    page.get_by_label("Compare Cleo Insurance").check()
    page.get_by_label("Compare Fjord Air").check()
    page.get_by_role("button", name="Compare selected").click()
    page.wait_for_url(re.compile(r"/compare\?firm=.*&firm=.*&firm="))
    expect(page.locator("table.compare thead th")).to_have_count(4)
    expect(page.get_by_role("link", name="Download CSV")).to_be_visible()
    snap(page, "06-compare")
    page.emulate_media(media="print")
    expect(page.locator("header.site")).to_be_hidden()
    snap(page, "07-compare-print")

    page.emulate_media(media="screen")
    page.goto(base_url + "/rules")
    page.get_by_role("link", name="At least one channel reaches a human").click()
    expect(page.get_by_role("heading", name="Firms failing it now")).to_be_visible()
    snap(page, "08-rule")


HOSTILE_PAGES = (
    ("/?q=Evil", "hostile-overview"),
    (f"/firms/{HOSTILE_SLUG}", "hostile-firm"),
    (f"/compare?firm={HOSTILE_SLUG}&firm=acme-bank", "hostile-compare"),
    (f"/firms/{HOSTILE_SLUG}/diff", "hostile-diff"),
)


@pytest.mark.parametrize(("path", "name"), HOSTILE_PAGES, ids=[name for _, name in HOSTILE_PAGES])
def test_scraped_payloads_are_shown_as_text_and_never_run(
    page: Page, base_url: str, path: str, name: str
) -> None:
    dialogs: list[str] = []
    violations: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    def note(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("dialog", dismiss)
    page.on("console", note)
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.querySelectorAll('details').forEach((details) => { details.open = true; })")
    hostile = page.locator("main a, main .tag, main td, main blockquote, main h1", has_text="pwned")
    for element in hostile.all()[:30]:
        if element.is_visible():
            element.hover()  # an onmouseover that slipped through would fire now
    page.keyboard.press("Tab")
    snap(page, name)
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert page.locator("a[href^='javascript:' i]").count() == 0
    assert page.locator("main script, main img[src='x'], main [onerror], main [onmouseover]").count() == 0
    # The payloads are there, as text: escaped, not dropped.
    expect(page.locator("main").first).to_contain_text("<script>window.__pwned=1")
    assert violations == []  # nothing was even tried that the CSP had to stop
