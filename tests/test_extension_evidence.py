"""The extension as the crawler's eyes, end to end: real Chromium with the unpacked extension, a
real ``supportcheck serve``, and a fixture bank whose contact page is behind a login.

A crawl stores the bank with ``human.channel`` at ``needs_review`` (the login wall). A person
signs in, opens the contact page, types into its form, and clicks the toolbar button: the popup
shows the page judged by the server's rules, and sends it as evidence. A writer accepts it on the
dashboard and the finding turns to ``pass``, saying a person supplied it. What the person typed
never reaches the server; a hostile page's payloads sent as evidence are only ever text.

Chromium cannot be told to accept ``chrome.permissions.request``'s prompt (Playwright and
Puppeteer leave extension prompts out of scope), so the browser loads a copy of the extension
whose manifest already holds the test server's host; every other file is the real one.
"""

from __future__ import annotations

import base64
import json
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
from playwright.sync_api import BrowserContext, Dialog, Page, sync_playwright
from sqlalchemy import select

from checker.browser import find_chromium, launch_options
from server.auth.accounts import create_token, create_user
from server.evidence.models import Evidence
from server.store.db import open_store
from server.store.models import Firm, Run
from tests.server.serving import serve, store_url
from tests.sites import FixtureServer
from tests.sites.firms.lockbox import FIRM as LOCKBOX
from tests.sites.firms.lockbox import PHONE_E164, XSS
from tests.test_cli import supportcheck
from tests.test_extension import EXTENSION_DIR, EXTENSION_ID, ExtensionBrowser, ToolbarPopup

pytestmark = pytest.mark.browser

MARKER = "PRIVATE-TYPED-9c1e"
# The colour of a JPEG's pixel at fractions of its width and height (a screenshot: of the viewport).
JPEG_PIXEL_AT = """async ([source, x, y]) => {
  const image = new Image();
  image.src = source;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const drawing = canvas.getContext("2d");
  drawing.drawImage(image, 0, 0);
  const at = [Math.round(x * image.naturalWidth), Math.round(y * image.naturalHeight)];
  return [...drawing.getImageData(at[0], at[1], 1, 1).data].slice(0, 3);
}"""
PASSWORD = "correct horse battery"
LOCALE = "en-US"


@dataclass
class Deployment:
    """The fixture bank, crawled into a store that a real ``supportcheck serve`` serves."""

    sites: FixtureServer
    base_url: str
    db_url: str
    data_dir: Path
    evidence_token: str

    def findings(self) -> dict[str, tuple[str, str]]:
        """rule -> (outcome, message) of the bank's latest judgement in en-US."""
        with open_store(self.db_url)() as session:
            run = session.scalars(
                select(Run).join(Firm).where(Firm.slug == "lockbox").order_by(Run.id.desc())
            ).first()
            assert run is not None and run.judgements
            return {
                finding.rule: (finding.outcome, finding.message)
                for finding in run.judgements[-1].findings
                if finding.locale == LOCALE
            }

    def evidence(self) -> list[Evidence]:
        with open_store(self.db_url)() as session:
            rows = list(session.scalars(select(Evidence).order_by(Evidence.id)))
            for row in rows:
                _ = row.pages_json  # loaded while the session is open
            return rows


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    root = tmp_path_factory.mktemp("evidence")
    data_dir = root / "data"
    db_url = store_url(data_dir)
    with FixtureServer([LOCKBOX]) as sites:
        config = root / "firms.yaml"
        config.write_text(
            f"firms:\n  - name: Lockbox\n    url: {sites.entry_url('lockbox')}\n    locales: [{LOCALE}]\n"
            "defaults:\n  settings: {max_pages: 8, page_timeout_s: 5, accessibility: false}\n",
            encoding="utf-8",
        )
        crawled = supportcheck(
            "crawl", str(config), "--db", db_url, "--host-resolver-rules", sites.host_resolver_rules,
            env={"SUPPORTCHECK_DATA_DIR": str(data_dir)},
        )  # fmt: skip
        assert crawled.returncode == 0, crawled.stderr
        with open_store(db_url)() as session:
            create_user(session, "alice", PASSWORD)
            token = create_token(session, "alice-browser", ("evidence",)).secret
        server, base_url = serve(data_dir)
        try:
            yield Deployment(sites, base_url, db_url, data_dir, token)
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(deployment: Deployment, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ExtensionBrowser]:
    extension = tmp_path_factory.mktemp("extension") / "supportcheck"
    shutil.copytree(EXTENSION_DIR, extension)
    manifest = json.loads((extension / "manifest.json").read_text(encoding="utf-8"))
    manifest["host_permissions"] = ["http://127.0.0.1/*"]  # what the options page's prompt would grant
    (extension / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    choice = find_chromium()
    options = launch_options(choice, deployment.sites.host_resolver_rules)
    options["args"] = [
        *cast(list[str], options["args"]),
        f"--disable-extensions-except={extension}",
        f"--load-extension={extension}",
        "--enable-unsafe-extension-debugging",
    ]
    if choice.executable is None:
        options["channel"] = "chromium"
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")), **options
        )
        try:
            assert context.browser is not None
            yield ExtensionBrowser(context, context.browser.new_browser_cdp_session())
        finally:
            context.close()


def _recorded(page: Page) -> list[str]:
    happened: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        happened.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.on("pageerror", lambda error: happened.append(f"error: {error}"))
    return happened


def _configure(context: BrowserContext, deployment: Deployment) -> None:
    options = context.new_page()
    options.goto(f"chrome-extension://{EXTENSION_ID}/options.html")
    options.wait_for_selector("body[data-state=loaded]")
    options.fill("#server-url", deployment.base_url + "/ignored/path")
    options.fill("#token", deployment.evidence_token)
    options.click("#save")
    options.wait_for_selector("body[data-state=saved]")
    assert options.locator("#server-url").input_value() == deployment.base_url
    assert options.locator("#token").input_value() == ""  # never shown back
    stored = options.evaluate("chrome.storage.local.get(null)")
    assert stored == {"serverUrl": deployment.base_url, "token": deployment.evidence_token}
    options.close()


def _wait_for(popup: ToolbarPopup, expression: str, timeout_s: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while not (value := popup.evaluate(expression)):
        assert time.monotonic() < deadline, f"the popup never satisfied {expression!r}"
        time.sleep(0.1)
    return value


def _send_evidence(popup: ToolbarPopup, note: str, signed_in: bool) -> int:
    assert popup.wait_for_state(timeout_s=20) == "ready", popup.evaluate("document.body.innerText")
    if signed_in:
        popup.evaluate("document.getElementById('ev-signed-in').click()")
    popup.evaluate(
        f"(() => {{ const n = document.getElementById('ev-note'); n.value = {json.dumps(note)};"
        " n.dispatchEvent(new Event('input')); }})()"
    )
    popup.evaluate("document.getElementById('ev-send').click()")
    state = _wait_for(popup, "['sent', 'failed'].includes(document.getElementById('evidence').dataset.state)"
                      " && document.getElementById('evidence').dataset.state")  # fmt: skip
    assert state == "sent", popup.evaluate("document.getElementById('ev-status').innerText")
    return int(popup.evaluate("document.getElementById('evidence').dataset.evidenceId"))


def _chat_drawn(browser: ExtensionBrowser, deployment: Deployment, path: str) -> tuple[Page, ToolbarPopup]:
    """The help page at ``path`` with its chat drawn by a click, and the popup opened on it."""
    help_page = browser.context.new_page()
    help_page.goto(deployment.sites.url("www.lockbox.test", path))
    help_page.click("#start-chat")
    help_page.wait_for_selector(".intercom-launcher")
    popup = browser.click_toolbar_button(help_page)
    assert popup.wait_for_state(timeout_s=20) == "ready"
    return help_page, popup


def _keep(popup: ToolbarPopup) -> None:
    popup.evaluate("document.getElementById('keep-page').click()")
    _wait_for(popup, "document.getElementById('kept-status').innerText.startsWith('1 page kept')")


def _preview_urls(popup: ToolbarPopup) -> list[str]:
    """The addresses the evidence preview says will be sent, in order."""
    return cast(
        list[str], popup.evaluate("[...document.querySelectorAll('#ev-pages .ev-url')].map(u => u.innerText)")
    )


def _accept_on_dashboard(context: BrowserContext, deployment: Deployment, evidence_id: int) -> Page:
    dashboard = context.new_page()
    happened = _recorded(dashboard)
    dashboard.goto(f"{deployment.base_url}/login")
    dashboard.fill("input[name=name]", "alice")
    dashboard.fill("input[name=password]", PASSWORD)
    dashboard.click("form button[type=submit]")
    dashboard.goto(f"{deployment.base_url}/firms/lockbox/evidence")
    dashboard.click(f"#evidence-{evidence_id} button[value=accept]")
    dashboard.wait_for_selector(f"#evidence-{evidence_id}[data-status=accepted]")
    assert happened == []
    return dashboard


def test_a_person_behind_the_login_turns_the_needs_review_into_a_pass(
    browser: ExtensionBrowser, deployment: Deployment
) -> None:
    before = deployment.findings()
    assert before["human.channel"][0] == "needs_review" and "log in" in before["human.channel"][1]
    assert before["contact.login-wall"][0] == "fail"
    _configure(browser.context, deployment)

    # The person signs in as anyone would, then starts a message they do not send.
    bank = browser.context.new_page()
    bank.goto(deployment.sites.url("www.lockbox.test", "/contact?ref=mail&session=s3cr3t"))
    bank.wait_for_selector("#login-form")
    bank.fill("#login-email", f"{MARKER}@example.test")
    bank.fill("#login-password", MARKER)
    bank.click("#login-form button[type=submit]")
    bank.wait_for_selector("a[href^='tel:']")
    bank.fill("#contact-form-name", MARKER)
    bank.fill("#contact-form-message", f"My account {MARKER} is blocked")
    bank.goto(deployment.sites.url("www.lockbox.test", "/contact?ref=mail"))  # the draft survives in the DOM
    bank.fill("#contact-form-message", f"My account {MARKER} is blocked")

    popup = browser.click_toolbar_button(bank)
    assert popup.wait_for_state(timeout_s=20) == "ready"
    # Judged by the server's rules: the channels behind the login reach a person.
    assert popup.evaluate("document.getElementById('findings').dataset.state") == "judged"
    human = popup.evaluate("document.querySelector('#findings li[data-rule=\"human.channel\"]').innerText")
    assert "pass" in human and "critical" in human and "1 phone" in human
    # The preview shows exactly what goes: no query string, the channels, a screenshot, the size.
    assert _preview_urls(popup) == [deployment.sites.url("www.lockbox.test", "/contact")]
    channels = popup.evaluate("document.querySelector('#ev-pages .ev-channels').innerText")
    assert f"tel: {PHONE_E164}" in channels and "message form: Send us a message" in channels
    assert popup.evaluate("document.getElementById('ev-shot').src").startswith("data:image/jpeg;base64,")
    # The fields one can type into are black in the screenshot, and the page is left as it was.
    assert popup.evaluate("document.getElementById('ev-shot-note').innerText").startswith("2 fields")
    assert bank.evaluate("document.getElementById('supportcheck-blackout')") is None
    box = bank.evaluate(
        "(() => { const r = document.getElementById('contact-form-message').getBoundingClientRect();"
        " return [r.left, r.top + r.height / 2, r.width, innerWidth, innerHeight]; })()"
    )
    left, middle, width, viewport_width, viewport_height = box
    inside = _preview_pixel(popup, (left + width / 2) / viewport_width, middle / viewport_height)
    beside = _preview_pixel(popup, (left - 12) / viewport_width, middle / viewport_height)
    assert max(inside) < 40 and min(beside) > 200, (inside, beside)
    assert "KB will be sent to" in popup.evaluate("document.getElementById('ev-size').innerText")
    assert popup.evaluate("document.getElementById('ev-firm').value") == "lockbox"
    evidence_id = _send_evidence(popup, "Signed in as a customer to see the contact page.", signed_in=True)

    [stored] = [row for row in deployment.evidence() if row.id == evidence_id]
    assert stored.status == "pending" and stored.signed_in and stored.submitted_by == "token alice-browser"
    assert stored.page_url == deployment.sites.url("www.lockbox.test", "/contact")
    assert stored.screenshot_path and (deployment.data_dir / stored.screenshot_path).is_file()
    everything_sent = json.dumps([stored.pages_json, stored.note, stored.title, stored.page_url])
    assert MARKER not in everything_sent and "s3cr3t" not in everything_sent
    assert deployment.findings()["human.channel"][0] == "needs_review"  # pending evidence counts for nothing

    _accept_on_dashboard(browser.context, deployment, evidence_id)
    after = deployment.findings()
    outcome, message = after["human.channel"]
    assert outcome == "pass" and "Supplied by a person" in message and "needs_review without it" in message
    assert after["contact.login-wall"][0] == "fail"  # anonymous visitors still meet the sign-in form


def test_a_chat_drawn_after_a_click_is_judged_and_hostile_evidence_stays_text(
    browser: ExtensionBrowser, deployment: Deployment
) -> None:
    _configure(browser.context, deployment)
    help_page, popup = _chat_drawn(browser, deployment, "/help")
    assert popup.evaluate("document.getElementById('findings').dataset.state") == "judged"
    # "Show me" scrolls to the chat launcher's element and outlines it.
    popup.evaluate("[...document.querySelectorAll('#summary .show-me:not([disabled])')][0].click()")
    assert help_page.wait_for_selector("[data-supportcheck-shown]")
    # The crawl saw no chat here; the person's click drew one, and the rules see it.
    human = popup.evaluate("document.querySelector('#findings li[data-rule=\"human.channel\"]').innerText")
    assert "Only a chat was found" in human, human
    # Kept, the page is judged again with the next one (pages collected across tabs).
    _keep(popup)

    hostile = browser.context.new_page()
    hostile.goto(deployment.sites.url("www.lockbox.test", "/xss"))
    popup = browser.click_toolbar_button(hostile)
    assert popup.wait_for_state(timeout_s=20) == "ready"
    assert "judged from 2 page(s)" in popup.evaluate("document.getElementById('judge-status').innerText")
    assert len(_preview_urls(popup)) == 2  # the kept page would go too
    popup.evaluate("document.getElementById('forget-kept').click()")
    _wait_for(popup, "document.getElementById('kept-status').innerText === 'No page kept.'")
    _wait_for(popup, "document.querySelectorAll('#ev-pages .ev-url').length === 1")  # the preview follows
    evidence_id = _send_evidence(popup, XSS, signed_in=False)
    assert popup.evaluate("typeof window.__pwned") == "undefined"

    dashboard = _accept_on_dashboard(browser.context, deployment, evidence_id)
    piece = dashboard.locator(f"#evidence-{evidence_id}")
    assert XSS in piece.inner_text()  # shown as text
    assert dashboard.evaluate("typeof window.__pwned") == "undefined"
    assert piece.locator("script").count() == 0 and piece.locator("img[src=x]").count() == 0


def test_pages_kept_across_tabs_go_as_one_piece_of_evidence_with_the_open_one(
    browser: ExtensionBrowser, deployment: Deployment
) -> None:
    _configure(browser.context, deployment)
    # Signed in, the person keeps the contact page (its query string is not to be sent)...
    contact = browser.context.new_page()
    contact.goto(deployment.sites.url("www.lockbox.test", "/contact?ref=mail&session=s3cr3t"))
    if contact.locator("#login-form").count():
        contact.fill("#login-email", "person@example.test")
        contact.fill("#login-password", MARKER)
        contact.click("#login-form button[type=submit]")
    contact.wait_for_selector("a[href^='tel:']")
    popup = browser.click_toolbar_button(contact)
    assert popup.wait_for_state(timeout_s=20) == "ready"
    _keep(popup)

    # ...then opens the help page, draws its chat, and sends both from there.
    _, popup = _chat_drawn(browser, deployment, "/help?utm=x")
    help_url = deployment.sites.url("www.lockbox.test", "/help")
    contact_url = deployment.sites.url("www.lockbox.test", "/contact")
    # The preview lists every page as sent, the channels of each, and says whose screenshot it is.
    assert _preview_urls(popup) == [help_url, contact_url]
    channels = popup.evaluate(
        "[...document.querySelectorAll('#ev-pages .ev-channels')].map(c => c.innerText)"
    )
    assert "No tel:" in channels[0] and f"tel: {PHONE_E164}" in channels[1]
    assert popup.evaluate("document.getElementById('ev-shot').src").startswith("data:image/jpeg;base64,")
    assert "of this page only" in popup.evaluate("document.getElementById('ev-shot-note').innerText")
    previewed = json.loads(popup.evaluate("document.getElementById('ev-json').textContent"))
    assert [page["url"] for page in previewed["pages"]] == [help_url, contact_url]
    # The kept page needed a sign-in, which only the person can say: it has a box of its own.
    popup.evaluate("document.querySelector('#ev-pages .ev-page-signed-in input').click()")
    _wait_for(popup, "JSON.parse(document.getElementById('ev-json').textContent).pages[1].signed_in")
    size_text = popup.evaluate("document.getElementById('ev-size').innerText")
    evidence_id = _send_evidence(
        popup, "The chat shows after a click; the phone after signing in.", signed_in=False
    )

    [stored] = [row for row in deployment.evidence() if row.id == evidence_id]
    pages = json.loads(stored.pages_json)
    assert (
        [page["url"] for page in pages] == [help_url, contact_url] == [page["probe"]["url"] for page in pages]
    )
    assert [page["signed_in"] for page in pages] == [False, True] and stored.signed_in
    assert stored.page_url == help_url and stored.screenshot_path
    assert "s3cr3t" not in stored.pages_json and "utm=x" not in stored.pages_json
    assert f"About {max(1, round(stored.size / 1024))} KB" in size_text  # the size shown is the size sent
    popup.evaluate("document.getElementById('forget-kept').click()")
    _wait_for(popup, "document.getElementById('kept-status').innerText === 'No page kept.'")


def test_the_popups_accessibility_checks_are_judged_by_the_a11y_rules(
    browser: ExtensionBrowser, deployment: Deployment
) -> None:
    _configure(browser.context, deployment)
    page = browser.context.new_page()
    page.goto(deployment.sites.url("www.lockbox.test", "/write"))
    popup = browser.click_toolbar_button(page)
    assert popup.wait_for_state(timeout_s=30) == "ready"
    assert popup.evaluate("document.getElementById('findings').dataset.state") == "judged"
    form = popup.evaluate(
        "document.querySelector('#findings li[data-rule=\"a11y.contact-form\"]')?.dataset.outcome"
    )
    message = popup.evaluate(
        "document.querySelector('#findings li[data-rule=\"a11y.contact-form\"] .message').innerText"
    )
    assert form == "fail" and "(label)" in message, message
    # What goes as evidence carries the same checks, in the crawler's shape.
    previewed = json.loads(popup.evaluate("document.getElementById('ev-json').textContent"))
    accessibility = previewed["pages"][0]["accessibility"]
    assert "contact_form" in {element["kind"] for element in accessibility["elements"]}
    [label] = [rule for rule in accessibility["axe"]["violations"] if rule["id"] == "label"]
    assert {node["support"] for node in label["nodes"]} == {"contact_form"}


APP_STORE_PAGE = "https://apps.apple.com/it/app/fibrax-assistenza/id1459000001"
APP_STORE_HTML = """<!doctype html><html lang="en-US"><head><meta charset="utf-8">
<title>\u200eFibrax Assistenza on the App Store</title>
<meta name="apple-itunes-app" content="app-id=1459000001">
<link rel="canonical" href="https://apps.apple.com/it/app/fibrax-assistenza/id1459000001">
</head><body><main><h1>Fibrax Assistenza</h1><h2>Fibrax S.p.A.</h2>
<p>This app is currently not available in your country or region.</p></main></body></html>"""


def test_an_app_store_page_in_the_popup_says_whether_the_app_is_sold_there(
    browser: ExtensionBrowser, deployment: Deployment
) -> None:
    """The App Store's page (served by the browser itself: tests reach no real store) is read for
    the app and its storefront, and no rule judges it as the firm's site."""
    _configure(browser.context, deployment)
    _forget_kept_pages(browser)
    store = browser.context.new_page()
    store.route(APP_STORE_PAGE, lambda route: route.fulfill(body=APP_STORE_HTML, content_type="text/html"))
    store.goto(APP_STORE_PAGE)
    popup = browser.click_toolbar_button(store)
    assert popup.wait_for_state(timeout_s=20) == "ready"
    _wait_for(popup, "document.getElementById('findings').dataset.state === 'judged'")
    rows = popup.evaluate("[...document.querySelectorAll('#findings li')].map(row => row.innerText)")
    assert len(rows) == 1, rows
    assert "App Store: Fibrax Assistenza" in rows[0] and "not sold here" in rows[0]
    assert "IT storefront" in rows[0] and "not available in your country or region" in rows[0]
    status = popup.evaluate("document.getElementById('judge-status').innerText")
    assert "only app store pages were sent" in status


# In the popup: a drag across the screenshot preview, from and to fractions of its width and height.
DRAG_ACROSS_PREVIEW = """(from, to) => {
  const shot = document.getElementById("ev-shot");
  const frame = shot.getBoundingClientRect();
  const at = (type, [x, y]) => shot.dispatchEvent(new PointerEvent(type, {
    bubbles: true, pointerId: 1, isPrimary: true,
    clientX: frame.left + frame.width * x, clientY: frame.top + frame.height * y,
  }));
  at("pointerdown", from);
  at("pointermove", [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2]);
  at("pointerup", to);
}"""


ONE_AREA_BLACKED_OUT = (
    "document.getElementById('ev-shot-note').innerText.includes('1 area blacked out by you')"
)


def _preview_pixel(popup: ToolbarPopup, x: float, y: float) -> list[int]:
    """The colour of the popup's screenshot preview at fractions of its width and height."""
    expression = f"({JPEG_PIXEL_AT})([document.getElementById('ev-shot').src, {x}, {y}])"
    return cast(list[int], popup.evaluate(expression, await_promise=True))


def _forget_kept_pages(browser: ExtensionBrowser) -> None:
    extension_page = browser.context.new_page()
    extension_page.goto(f"chrome-extension://{EXTENSION_ID}/options.html")
    extension_page.evaluate("chrome.storage.session.clear()")  # no page kept by an earlier test
    extension_page.close()


def test_an_area_the_person_blacks_out_is_black_in_the_screenshot_sent(
    browser: ExtensionBrowser, deployment: Deployment
) -> None:
    """A drag across the preview blacks that area out (Undo takes it back); only the blacked-out
    image reaches the server."""
    _configure(browser.context, deployment)
    _forget_kept_pages(browser)
    bank = browser.context.new_page()
    bank.goto(deployment.sites.url("www.lockbox.test", "/accounts"))
    popup = browser.click_toolbar_button(bank)
    assert popup.wait_for_state(timeout_s=20) == "ready"
    _wait_for(popup, "document.getElementById('evidence').dataset.state === 'ready'")

    def pixel(x: float, y: float) -> list[int]:
        return _preview_pixel(popup, x, y)

    inside_before, outside_before = pixel(0.25, 0.25), pixel(0.8, 0.8)
    assert max(inside_before) > 200  # the page's white background
    popup.evaluate(f"({DRAG_ACROSS_PREVIEW})([0.1, 0.1], [0.5, 0.5])")
    _wait_for(popup, ONE_AREA_BLACKED_OUT)
    assert max(pixel(0.25, 0.25)) < 40
    assert all(abs(a - b) < 40 for a, b in zip(pixel(0.8, 0.8), outside_before, strict=True))

    popup.evaluate("document.getElementById('ev-undo').click()")
    _wait_for(popup, "!document.getElementById('ev-shot-note').innerText.includes('by you')")
    assert max(pixel(0.25, 0.25)) > 200
    popup.evaluate(f"({DRAG_ACROSS_PREVIEW})([0.5, 0.5], [0.1, 0.1])")  # dragged the other way
    _wait_for(popup, ONE_AREA_BLACKED_OUT)
    evidence_id = _send_evidence(popup, "My account number is on this page.", signed_in=False)

    [stored] = [row for row in deployment.evidence() if row.id == evidence_id]
    assert stored.screenshot_path
    sent = (deployment.data_dir / stored.screenshot_path).read_bytes()
    source = "data:image/jpeg;base64," + base64.b64encode(sent).decode()
    reader = browser.context.new_page()
    try:
        assert max(reader.evaluate(JPEG_PIXEL_AT, [source, 0.25, 0.25])) < 40
        assert max(reader.evaluate(JPEG_PIXEL_AT, [source, 0.8, 0.2])) > 200
    finally:
        reader.close()
