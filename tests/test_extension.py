"""The browser extension, loaded unpacked in real Chromium, reading fixture pages as a visitor would.

The toolbar button is clicked the way Chromium's DevTools protocol allows
(``Extensions.triggerAction``), which grants ``activeTab`` exactly as a user's click does; the popup
is then opened as a normal tab with ``?tab=<id>`` so the test can drive and screenshot it. The
snapshot it offers must be something supportcheck's Python code can judge.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pytest
from playwright.sync_api import BrowserContext, CDPSession, ConsoleMessage, Dialog, Page, sync_playwright

from checker.browser import find_chromium, launch_options
from checker.gather import gather_channels
from checker.probe import PROBE_CANDIDATES
from checker.snapshot import ProbeResult
from tests.rules.cases import case_firm, load_cases
from tests.sites import FixtureServer

pytestmark = pytest.mark.browser

EXTENSION_DIR = Path(__file__).resolve().parent.parent / "extension"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
MANIFEST: dict[str, Any] = json.loads((EXTENSION_DIR / "manifest.json").read_text(encoding="utf-8"))


def extension_id(public_key_b64: str) -> str:
    """Chromium's id for an extension: the SHA-256 of its public key, first 32 hex digits as a-p."""
    digest = hashlib.sha256(base64.b64decode(public_key_b64)).hexdigest()[:32]
    return "".join(chr(ord("a") + int(digit, 16)) for digit in digest)


EXTENSION_ID = extension_id(MANIFEST["key"])
# Elements that could run or load something; the popup's own markup has none but its scripts.
POPUP_SCRIPTS = ("settings.js", "popup_server.js", "popup_evidence.js", "popup_a11y.js", "popup.js")
FOREIGN_ELEMENTS_JS = (
    "document.querySelectorAll(`img:not(#ev-shot), svg, iframe, object, embed, script"
    + "".join(f":not([src='{name}'])" for name in POPUP_SCRIPTS)
    + ", a[href^='javascript:' i]`).length"
)


@dataclass
class OpenedPopup:
    """A fixture page, the extension popup opened on it as a tab (``popup``) and what the real popup
    Chromium opened for the toolbar button showed (``toolbar_view``), with what the tab logged."""

    target: Page
    popup: Page
    toolbar_view: dict[str, str]
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def section_text(self, section_id: str) -> str:
        return self.popup.locator(f"#{section_id}").inner_text()

    def rows(self, section_id: str) -> list[list[str]]:
        """Each listed fact as its text, its badges and its detail line, as a visitor reads them
        (without the "Show me" button)."""
        return [
            [line for line in item.inner_text().splitlines() if line != "Show me"]
            for item in self.popup.locator(f"#{section_id} li.fact").all()
        ]


class ToolbarPopup:
    """The popup Chromium opened for the toolbar button, read over the DevTools protocol.

    Playwright does not attach to extension popups, so expressions go through a non-flattened
    target session (``Target.sendMessageToTarget``) of the browser-level DevTools session.
    """

    def __init__(self, browser_cdp: CDPSession, target_id: str) -> None:
        self._cdp = browser_cdp
        self._replies: dict[int, dict[str, Any]] = {}
        self._last_id = 0
        browser_cdp.on("Target.receivedMessageFromTarget", self._receive)
        attached = browser_cdp.send("Target.attachToTarget", {"targetId": target_id, "flatten": False})
        self._session_id = attached["sessionId"]

    def _receive(self, event: dict[str, Any]) -> None:
        if event.get("sessionId") == self._session_id:
            reply = json.loads(event["message"])
            if "id" in reply:
                self._replies[reply["id"]] = reply

    def evaluate(self, expression: str, timeout_s: float = 5.0, await_promise: bool = False) -> Any:
        self._last_id += 1
        params = {"expression": expression, "awaitPromise": await_promise, "returnByValue": True}
        message = {"id": self._last_id, "method": "Runtime.evaluate", "params": params}
        self._cdp.send(
            "Target.sendMessageToTarget", {"sessionId": self._session_id, "message": json.dumps(message)}
        )
        deadline = time.monotonic() + timeout_s
        while self._last_id not in self._replies:
            assert time.monotonic() < deadline, f"the toolbar popup did not answer {expression!r}"
            self._cdp.send("Browser.getVersion")  # a round trip lets Playwright deliver the reply event
            time.sleep(0.02)
        return self._replies.pop(self._last_id)["result"]["result"].get("value")

    def wait_for_state(self, timeout_s: float = 10.0) -> str:
        """The popup's ``data-state`` once it has read its tab: ``ready`` or ``error``."""
        deadline = time.monotonic() + timeout_s
        while not (state := self.evaluate("document.body.dataset.state || ''")):
            assert time.monotonic() < deadline, "the toolbar popup never finished reading its tab"
            time.sleep(0.05)
        return str(state)


@dataclass
class ExtensionBrowser:
    """Chromium with the unpacked extension and a browser-level DevTools session."""

    context: BrowserContext
    browser_cdp: CDPSession

    @property
    def base_url(self) -> str:
        return f"chrome-extension://{EXTENSION_ID}"

    def click_toolbar_button(self, target: Page) -> ToolbarPopup:
        """Runs the extension's action on the tab showing ``target``: activeTab is granted there and
        Chromium opens the real toolbar popup, which is returned."""
        target.bring_to_front()  # the grant goes to the window's active tab, as for a real click
        tabs = self.browser_cdp.send("Target.getTargets", {"filter": [{"type": "tab"}]})["targetInfos"]
        matching = [tab["targetId"] for tab in tabs if tab["url"] == target.url]
        assert len(matching) == 1, f"expected one tab at {target.url}, found {tabs}"
        popups_before = self._toolbar_popup_targets()
        self.browser_cdp.send("Extensions.triggerAction", {"id": EXTENSION_ID, "targetId": matching[0]})
        deadline = time.monotonic() + 5
        while not (new_popups := self._toolbar_popup_targets() - popups_before):
            assert time.monotonic() < deadline, "the toolbar button opened no popup"
            time.sleep(0.05)
        return ToolbarPopup(self.browser_cdp, new_popups.pop())

    def _toolbar_popup_targets(self) -> set[str]:
        targets = self.browser_cdp.send("Target.getTargets")["targetInfos"]
        return {info["targetId"] for info in targets if info["url"] == f"{self.base_url}/popup.html"}

    def open_popup(self, url: str, ready_selector: str = "body") -> OpenedPopup:
        """Opens ``url`` in a tab, clicks the toolbar button there, and opens the popup on that tab."""
        target = self.context.new_page()
        target.goto(url)
        target.wait_for_selector(ready_selector)
        # Like a real one, the toolbar popup closes when another tab takes focus: read it first.
        toolbar_popup = self.click_toolbar_button(target)
        toolbar_view = {"state": toolbar_popup.wait_for_state()}
        for part in ("page-title", "status", "summary"):
            toolbar_view[part] = str(toolbar_popup.evaluate(f"document.getElementById('{part}').innerText"))
        toolbar_view["foreign_elements"] = str(toolbar_popup.evaluate(FOREIGN_ELEMENTS_JS))

        popup = self.context.new_page()
        opened = OpenedPopup(target, popup, toolbar_view)
        popup.on("dialog", lambda dialog: _record_dialog(opened.dialogs, dialog))
        popup.on("pageerror", lambda error: opened.errors.append(str(error)))
        popup.on("console", lambda message: _record_console_error(opened.errors, message))

        # An extension page can list tab ids; only a tab granted activeTab shows its URL.
        popup.goto(f"{self.base_url}/popup.html?tab=none")
        popup.wait_for_selector("body[data-state=error]")
        assert "is not a tab id" in popup.locator("#status").inner_text()
        tab_ids = popup.evaluate(
            "url => chrome.tabs.query({}).then(tabs => tabs.filter(t => t.url === url).map(t => t.id))",
            target.url,
        )
        assert len(tab_ids) == 1, f"activeTab was not granted on {target.url}"
        opened.errors.clear()  # the deliberate bad tab id above is not a failure

        popup.goto(f"{self.base_url}/popup.html?tab={tab_ids[0]}")
        popup.wait_for_selector("body[data-state]")
        return opened


def _record_dialog(dialogs: list[str], dialog: Dialog) -> None:
    dialogs.append(f"{dialog.type}: {dialog.message}")
    dialog.dismiss()


def _record_console_error(errors: list[str], message: ConsoleMessage) -> None:
    if message.type == "error":
        errors.append(message.text)


@pytest.fixture(scope="module")
def extension_browser(
    sites: FixtureServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ExtensionBrowser]:
    choice = find_chromium()
    options = launch_options(choice, sites.host_resolver_rules)
    extension = str(EXTENSION_DIR)
    options["args"] = [
        *cast(list[str], options["args"]),
        f"--disable-extensions-except={extension}",
        f"--load-extension={extension}",
        "--enable-unsafe-extension-debugging",  # lets the DevTools protocol press the toolbar button
    ]
    if choice.executable is None:
        # Playwright's headless shell cannot run extensions; its full Chromium in new headless can.
        options["channel"] = "chromium"
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), accept_downloads=True, **options
        )
        try:
            assert context.browser is not None
            yield ExtensionBrowser(context, context.browser.new_browser_cdp_session())
        finally:
            context.close()


def _downloaded_snapshot(opened: OpenedPopup) -> str:
    with opened.popup.expect_download() as download_info:
        opened.popup.click("#download")
    download = download_info.value
    assert download.suggested_filename.startswith("supportcheck-www.")
    assert download.suggested_filename.endswith(".json")
    return Path(download.path()).read_text(encoding="utf-8")


def _copied_snapshot(extension_browser: ExtensionBrowser, opened: OpenedPopup, sites: FixtureServer) -> str:
    opened.popup.bring_to_front()
    opened.popup.click("#copy")
    opened.popup.wait_for_selector("#status.done >> text=Copied")
    # The clipboard is readable from a secure origin that is granted it: loopback by IP is one
    # (extension origins and http://*.test are not).
    reader = extension_browser.context.new_page()
    try:
        reader.goto(f"http://127.0.0.1:{sites.port}/")
        extension_browser.context.grant_permissions(
            ["clipboard-read"], origin=f"http://127.0.0.1:{sites.port}"
        )
        return str(reader.evaluate("navigator.clipboard.readText()"))
    finally:
        reader.close()


def test_manifest_asks_for_active_tab_scripting_and_storage_and_hosts_only_at_run_time() -> None:
    assert MANIFEST["manifest_version"] == 3
    assert MANIFEST["name"] == "supportcheck"
    assert sorted(MANIFEST["permissions"]) == ["activeTab", "scripting", "storage"]
    # The supportcheck server's host is asked for by the options page (chrome.permissions.request).
    assert MANIFEST["optional_host_permissions"] == ["http://*/*", "https://*/*"]
    for wide_access in ("host_permissions", "content_scripts", "background"):
        assert wide_access not in MANIFEST
    policy = MANIFEST["content_security_policy"]["extension_pages"]
    assert "default-src 'none'" in policy and "script-src 'self';" in policy
    assert "unsafe" not in policy
    assert MANIFEST["action"]["default_popup"] == "popup.html"
    # The extension injects the crawler's own probe, accessibility scope and axe-core, not copies.
    assert PROBE_CANDIDATES[0] == EXTENSION_DIR / "probe.js"
    assert sorted(script.name for script in EXTENSION_DIR.rglob("*.js")) == sorted(
        ["a11y.js", "axe.min.js", "options.js", "probe.js", *POPUP_SCRIPTS]
    )


def test_popup_lists_the_contact_page_and_offers_a_judgeable_snapshot(
    extension_browser: ExtensionBrowser, sites: FixtureServer
) -> None:
    contact_url = sites.url("www.acme.test", "/contact")
    opened = extension_browser.open_popup(contact_url)
    popup = opened.popup
    assert popup.locator("body").get_attribute("data-state") == "ready", popup.locator("#status").inner_text()

    assert popup.locator("#page-title").inner_text() == "Contact us | Acme Energy"
    help_centre = sites.url("help.acme.test", "/")
    assert opened.rows("contact-links") == [
        ["Help", "nav", "visible", help_centre],
        ["Contact us", "nav", "visible", contact_url],
        ["Contact us", "footer", "visible", contact_url],
        ["Help centre", "footer", "visible", help_centre],
    ]
    assert opened.rows("phones") == [["1-800-555-0199", "main", "visible", "+18005550199"]]
    assert opened.rows("emails") == [["help@acme.test", "main", "visible", "help@acme.test"]]
    [form] = opened.rows("message-forms")
    assert form[:3] == ["Send us a message", "main", "visible"]
    assert form[3].endswith("How can we help? → Send message")
    assert "Nothing loaded from another host." in opened.section_text("other-hosts")
    # Without a server the popup works offline and says what judging needs.
    assert popup.locator("#findings").get_attribute("data-state") == "offline"
    assert "Judging needs a supportcheck server" in opened.section_text("findings")
    assert popup.locator("#evidence").is_hidden()

    # The real toolbar popup, which reads the active tab, sees the same page.
    assert opened.toolbar_view["state"] == "ready", opened.toolbar_view["status"]
    assert opened.toolbar_view["page-title"] == "Contact us | Acme Energy"
    assert opened.toolbar_view["summary"] == popup.locator("#summary").inner_text()

    ARTIFACTS.mkdir(exist_ok=True)
    popup.locator("body").screenshot(path=str(ARTIFACTS / "extension-popup.png"))

    downloaded = _downloaded_snapshot(opened)
    assert _copied_snapshot(extension_browser, opened, sites) == downloaded
    snapshot = json.loads(downloaded)
    assert snapshot["url"] == contact_url and snapshot["captured_at"].endswith("Z")
    assert snapshot["globals"] == []

    probe = ProbeResult.model_validate(snapshot)
    assert any(form.fields and form.fields[-1].tag == "textarea" for form in probe.forms)
    channels = gather_channels(probe, probe.url, "US")
    assert [phone.number for phone in channels.phone] == ["+18005550199"]
    assert "help@acme.test" in [email.address for email in channels.email]
    assert channels.contact_form
    assert opened.dialogs == [] and opened.errors == []


def test_popup_reads_page_globals_from_the_main_world_only(
    extension_browser: ExtensionBrowser, sites: FixtureServer
) -> None:
    # Initech renders after load and carries Intercom's snippet: two page globals, a foreign script.
    opened = extension_browser.open_popup(sites.url("www.initech.test", "/contact"), "a[href^='tel:']")
    assert opened.popup.locator("body").get_attribute("data-state") == "ready"
    assert "+442079460000" in opened.section_text("phones")
    assert "widget.intercom.io" in opened.section_text("other-hosts")

    probe = ProbeResult.model_validate(json.loads(_downloaded_snapshot(opened)))
    assert {"intercomSettings", "Intercom"} <= set(probe.globals)
    # Built-ins seen from the isolated world, and the probe's own name, are not the page's.
    assert not {"onclick", "webkitURL", "supportcheckProbe", "chrome"} & set(probe.globals)
    assert [chat.vendor for chat in gather_channels(probe, probe.url, "GB").chat] == ["intercom"]
    assert opened.dialogs == [] and opened.errors == []


def test_hostile_link_text_shows_as_text_and_runs_nothing(
    extension_browser: ExtensionBrowser, sites: FixtureServer
) -> None:
    opened = extension_browser.open_popup(sites.url("www.hostile.test", "/xss"))
    popup = opened.popup
    assert popup.locator("body").get_attribute("data-state") == "ready"

    assert "<script>alert(1)</script>" in popup.locator("#page-title").inner_text()
    contact_links = opened.section_text("contact-links")
    assert "<script>alert(1)</script>Contact" in contact_links
    assert '"><img src=x onerror=alert(1)>' in contact_links
    assert "+1<script>" in opened.section_text("phones")
    assert '"><script>alert(1)</script>@hostile.test' in opened.section_text("emails")

    assert opened.dialogs == [] and opened.errors == []
    assert popup.evaluate(FOREIGN_ELEMENTS_JS) == 0
    assert opened.toolbar_view["state"] == "ready"  # an alert would have blocked it
    assert opened.toolbar_view["foreign_elements"] == "0"
    assert '"><img src=x onerror=alert(1)>' in opened.toolbar_view["summary"]


def test_popup_runs_axe_on_the_support_path_and_names_the_frames_it_cannot_enter(
    extension_browser: ExtensionBrowser,
) -> None:
    cases = {case.id: case for case in load_cases()}
    form_case = cases["a11y.contact-form/fail-unlabelled"]
    frame_case = cases["a11y.chat-launcher/fail-cross-origin-frame"]
    with FixtureServer([case_firm(form_case), case_firm(frame_case)]) as case_sites:
        opened = extension_browser.open_popup(case_sites.url(form_case.host, "/contact"), "form")
        state = opened.popup.locator("body").get_attribute("data-state")
        assert state == "ready", opened.popup.locator("#status").inner_text()
        [violation] = opened.rows("accessibility")
        assert violation[:2] == ["label: Form elements must have labels", "critical"]
        assert "textarea" in violation[-1]
        snapshot = json.loads(_downloaded_snapshot(opened))
        assert [result["id"] for result in snapshot["accessibility"]["violations"]] == ["label"]
        assert opened.dialogs == [] and opened.errors == []

        # activeTab grants the tab's own origin only: a cross-origin chat frame is named, not judged.
        opened = extension_browser.open_popup(case_sites.url(frame_case.host, "/"), "iframe")
        assert "1 frame from another origin not checked here" in opened.section_text("accessibility")
        assert opened.dialogs == [] and opened.errors == []


def test_options_keep_the_server_and_ask_chrome_for_that_host_only(
    extension_browser: ExtensionBrowser,
) -> None:
    options = extension_browser.context.new_page()
    try:
        options.goto(f"{extension_browser.base_url}/options.html")
        options.wait_for_selector("body[data-state=loaded]")
        options.fill("#server-url", "ftp://supportcheck.example/")
        options.click("#save")
        assert "must start with http:// or https://" in options.locator("#status").inner_text()
        options.fill("#server-url", "https://supportcheck.example:8443/dashboard")
        options.fill("#token", "sc_secret_token_value")
        options.click("#save")
        # Chrome now shows its permission prompt (which automation cannot answer): the settings
        # are kept meanwhile, and only this server's host is asked for.
        options.wait_for_selector("body[data-state=asking]")
        assert "supportcheck.example:8443" in options.locator("#status").inner_text()
        assert options.evaluate("chrome.storage.local.get(null)") == {
            "serverUrl": "https://supportcheck.example:8443",
            "token": "sc_secret_token_value",
        }
        assert options.locator("#token").input_value() == ""
        assert options.evaluate("chrome.permissions.getAll()")["origins"] == []
    finally:
        options.evaluate("chrome.storage.local.clear()")  # the other tests' popups stay offline
        options.close()
