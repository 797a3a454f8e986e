"""The probe never reads what a visitor typed: input values, text areas, editable regions.

The extension sends the probe's snapshot to a server as evidence, from pages a person is using
(signed in, mid-way through a form); only the page's own text may leave the browser.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import sync_playwright

from checker.browser import find_chromium, launch_options
from checker.probe import PROBE_CANDIDATES

pytestmark = pytest.mark.browser

MARKER = "TYPED-MARKER-7f3a"
PAGE = """<!doctype html><html><head><title>Write to us</title></head><body>
<main>
  <form id="ask" class="contact-form"><h2>Write to us</h2>
    <label>Name <input name="name" id="name"></label>
    <label>Message <textarea name="message" id="message">Type here</textarea></label>
    <div class="chat-input" contenteditable="true" role="button" id="editor"></div>
    <input type="submit" value="Send message">
    <input type="text" role="button" id="fake-button">
  </form>
</main></body></html>"""


def test_nothing_typed_into_the_page_reaches_the_snapshot() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options(find_chromium()))  # type: ignore[arg-type]
        try:
            page = browser.new_page()
            page.set_content(PAGE)
            for selector in ("#name", "#message", "#editor", "#fake-button"):
                page.click(selector)
                page.keyboard.type(f"{MARKER} {selector}")
            assert MARKER in page.inner_text("#editor")  # typed text is in the DOM, as text nodes
            page.add_script_tag(content=PROBE_CANDIDATES[0].read_text(encoding="utf-8"))
            snapshot = json.dumps(page.evaluate("supportcheckProbe({})"))
        finally:
            browser.close()
    assert MARKER not in snapshot
    assert "Type here" not in snapshot  # a text area's own text is the visitor's draft, too
    probe = json.loads(snapshot)
    [form] = probe["forms"]
    assert [(field["name"], field["label"]) for field in form["fields"]] == [
        ("name", "Name"),
        ("message", "Message"),
        ("", ""),
    ]
    assert "Send message" in form["buttons"]  # a button's value is its label, and page text
    assert "Write to us" in json.dumps(probe["text_blocks"])
