"""``POST /api/v1/judge`` and ``POST /api/v1/evidence`` (the browser extension's calls), the
evidence-only token scope, the per-token rate limit, and reviewing evidence on the dashboard."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server import create_app
from server.evidence.models import Evidence
from server.evidence.review import review
from server.store.db import open_store
from server.store.models import Judgement, Run
from supportcheck.cli import main
from tests.server.conftest import FilledStore, add_user, bearer, server_config

PASSWORD = "correct horse battery"
PAGE_URL = "https://www.acme-bank.test/account/help"
XSS = '"><script>window.__pwned=1</script><img src=x onerror=alert(1)>'
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def probe(phone: str = "+390212345678", text: str = "Call us") -> dict[str, Any]:
    """A probe result as extension/probe.js returns it: one tel: link and a message form."""
    return {
        "snapshot_version": 1,
        "url": PAGE_URL,
        "title": "Help · Acme Bank",
        "lang": "en",
        "viewport": {"width": 1280, "height": 800},
        "links": [
            {
                "text": text,
                "name": text,
                "name_from": "text",
                "href": f"tel:{phone}",
                "raw_href": f"tel:{phone}",
                "region": "main",
                "visible": True,
                "selector": "main > a",
            },
        ],  # fmt: skip
        "text_blocks": [{"text": "Help for customers", "tag": "h1", "region": "main", "selector": "h1"}],
        "forms": [
            {
                "selector": "form#ask",
                "action": PAGE_URL,
                "method": "post",
                "region": "main",
                "visible": True,
                "heading": "Write to us",
                "buttons": ["Send"],
                "fields": [{"tag": "textarea", "name": "message", "label": "Your message", "visible": True}],
            },
        ],  # fmt: skip
        "truncated": [],
    }


def body(**extra: Any) -> dict[str, Any]:
    return {"locale": "en-US", "pages": [{"url": PAGE_URL, "probe": probe()}], **extra}


@pytest.fixture
def evidence_headers(private_app: Flask) -> dict[str, str]:
    return bearer(private_app, "evidence", name="alice-browser")


def test_judge_returns_the_rules_findings_and_stores_nothing(
    private_app: Flask, evidence_headers: dict[str, str]
) -> None:
    client = private_app.test_client()
    answer = client.post("/api/v1/judge", json=body(), headers=evidence_headers)
    assert answer.status_code == 200, answer.get_json()
    judged = answer.get_json()
    findings = {finding["rule"]: finding for finding in judged["findings"]}
    human = findings["human.channel"]
    assert human["outcome"] == "pass" and human["impact"] == "critical"
    assert human["title"] and human["help"] and human["help_url"].endswith("rules.md#human.channel")
    assert "1 phone" in human["message"]
    assert judged["channels"]["phone"] == 1 and judged["channels"]["contact_form"] == 1
    # A few pages are not a crawl of the site: nothing missing from them is a fail.
    assert "person's browser" in judged["status_reason"]
    assert not [f for f in judged["findings"] if f["outcome"] == "fail" and f["rule"].startswith("contact.")]
    with open_store(private_app.config["SUPPORTCHECK_DATABASE_URL"])() as session:
        assert session.scalars(select(Evidence)).all() == []
    # A read token may judge too; nobody without a token may.
    assert client.post("/api/v1/judge", json=body(), headers=bearer(private_app, "read")).status_code == 200
    assert client.post("/api/v1/judge", json=body()).status_code == 401


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: b["pages"][0]["probe"]["links"][0].update(text="x" * 301), "pages[0].probe.links[0].text"),
        (lambda b: b["pages"][0]["probe"].update(value="typed secret"), "pages[0].probe"),
        (lambda b: b["pages"][0].update(url="javascript:alert(1)"), "pages[0].url"),
        (lambda b: b["pages"][0]["probe"]["forms"][0]["fields"][0].update(tag="<svg>"),
         "pages[0].probe.forms[0].fields[0].tag"),
        (lambda b: b["pages"][0]["probe"].update(links={"0": XSS}), "pages[0].probe.links"),
        (lambda b: b.update(pages=[]), "pages"),
        (lambda b: b.update(locale="xx-YY"), "locale"),
    ],
)  # fmt: skip
def test_a_malformed_or_hostile_snapshot_is_refused_naming_the_field(
    private_app: Flask, evidence_headers: dict[str, str], change: Any, field: str
) -> None:
    sent = body()
    change(sent)
    answer = private_app.test_client().post("/api/v1/judge", json=sent, headers=evidence_headers)
    assert answer.status_code == 422, answer.get_json()
    error = answer.get_json()["error"]
    assert error["code"] == "invalid_snapshot"
    assert error["message"].startswith(field + ":"), error
    assert "typed secret" not in json.dumps(error)  # the value sent is never echoed


def test_a_snapshot_over_the_size_limit_gets_a_clear_413(
    private_app: Flask, evidence_headers: dict[str, str]
) -> None:
    huge = json.dumps(body(note="x" * (9 * 1024 * 1024)))
    answer = private_app.test_client().post(
        "/api/v1/evidence", data=huge, content_type="application/json", headers=evidence_headers
    )
    assert answer.status_code == 413
    assert "over the limit" in answer.get_json()["error"]["message"]


def test_an_evidence_token_sends_evidence_and_reads_nothing(
    private_app: Flask, evidence_headers: dict[str, str]
) -> None:
    client = private_app.test_client()
    sent = body(
        firm="acme-bank",
        note=XSS,
        languages=["it-IT", "en"],
        timezone="Europe/Rome",
        screenshot="data:image/png;base64," + base64.b64encode(PNG).decode(),
    )
    sent["pages"][0]["signed_in"] = True
    answer = client.post("/api/v1/evidence", json=sent, headers=evidence_headers)
    assert answer.status_code == 201, answer.get_json()
    stored = answer.get_json()
    assert stored["status"] == "pending" and stored["firm"] == "acme-bank" and stored["screenshot"]
    assert stored["submitted_by"] == "token alice-browser"
    for path in ("/api/v1/firms", "/api/v1/firms/acme-bank", "/api/v1/runs/1", "/firms/acme-bank/evidence"):
        assert client.get(path, headers=evidence_headers).status_code == 403, path
    # The firm can also be found from the page's host; an unknown one is named.
    by_host = client.post("/api/v1/evidence", json=body(firm=""), headers=evidence_headers)
    assert by_host.status_code == 201 and by_host.get_json()["firm"] == "acme-bank"
    unknown = client.post(
        "/api/v1/evidence",
        json={**body(firm="nobody"), "pages": [{"url": "https://elsewhere.test/", "probe": probe()}]},
        headers=evidence_headers,
    )
    assert unknown.status_code == 422 and unknown.get_json()["error"]["message"].startswith("firm:")
    fake_image = client.post(
        "/api/v1/evidence",
        json=body(screenshot="data:image/png;base64," + base64.b64encode(b"<svg onload=alert(1)>").decode()),
        headers=evidence_headers,
    )
    assert fake_image.status_code == 422 and "screenshot" in fake_image.get_json()["error"]["message"]
    # Upload and read tokens may not send evidence.
    uploader = bearer(private_app, "upload")
    assert client.post("/api/v1/evidence", json=body(), headers=uploader).status_code == 403


def test_evidence_is_rate_limited_per_token(writable_store: FilledStore) -> None:
    app = create_app(
        {
            **server_config(writable_store),
            "SUPPORTCHECK_PUBLIC_READ": False,
            "SUPPORTCHECK_EVIDENCE_PER_HOUR": 2,
        }
    )
    client = app.test_client()
    first, second = bearer(app, "evidence", name="one"), bearer(app, "evidence", name="two")
    assert [client.post("/api/v1/evidence", json=body(), headers=first).status_code for _ in range(3)] == [
        201,
        201,
        429,
    ]
    refused = client.post("/api/v1/evidence", json=body(), headers=first)
    assert int(refused.headers["Retry-After"]) > 0 and refused.get_json()["error"]["code"] == "rate_limited"
    assert client.post("/api/v1/evidence", json=body(), headers=second).status_code == 201
    app.extensions["supportcheck.store"].kw["bind"].dispose()


def _logged_in(app: Flask) -> FlaskClient:
    add_user(app)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    client.post("/login", data={"name": "alice", "password": PASSWORD, "csrf_token": token.group(1)})
    return client


def test_a_writer_accepts_evidence_on_the_dashboard_and_the_firm_is_judged_again(
    private_app: Flask, evidence_headers: dict[str, str], writable_store: FilledStore
) -> None:
    api = private_app.test_client()
    screenshot = "data:image/png;base64," + base64.b64encode(PNG).decode()
    sent = body(firm="acme-bank", note=XSS, screenshot=screenshot)
    sent["pages"][0]["probe"]["title"] = XSS
    evidence_id = api.post("/api/v1/evidence", json=sent, headers=evidence_headers).get_json()["id"]

    writer = _logged_in(private_app)
    listing = writer.get("/firms/acme-bank/evidence")
    assert listing.status_code == 200
    html = listing.get_data(as_text=True)
    assert XSS not in html and "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "+390212345678" in html and "pending" in html
    shot = writer.get(f"/evidence/{evidence_id}/screenshot")
    assert shot.status_code == 200 and shot.data == PNG and shot.mimetype == "image/png"

    assert "Evidence from browsers (1 to review)" in writer.get("/firms/acme-bank").get_data(as_text=True)
    review_url = f"/evidence/{evidence_id}/review"
    assert writer.post(review_url, data={"decision": "accept"}).status_code == 400  # no CSRF token
    assert api.post(review_url, data={"decision": "accept"}, headers=evidence_headers).status_code == 403
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token
    run_id = writable_store.latest_run_id("acme-bank")
    with open_store(writable_store.url)() as session:
        judgements_before = len(session.scalars(select(Judgement).where(Judgement.run_id == run_id)).all())
    accepted = writer.post(review_url, data={"decision": "accept", "csrf_token": token.group(1)})
    assert accepted.status_code == 302
    after = writer.get("/firms/acme-bank/evidence").get_data(as_text=True)
    assert f"Evidence #{evidence_id} accepted: run {run_id} judged again with 1 accepted evidence" in after
    assert "to review" not in writer.get("/firms/acme-bank").get_data(as_text=True)
    with open_store(writable_store.url)() as session:
        run = session.get(Run, run_id)
        assert run is not None and len(run.judgements) == judgements_before + 1
        evidence = session.get(Evidence, evidence_id)
        assert evidence is not None and evidence.status == "accepted" and evidence.reviewed_by == "user alice"
        assert evidence.judgement_id == run.judgements[-1].id
        report = run.judgements[-1].report()
        english = next(locale for locale in report.locales if locale.locale == "en-US")
        [seen] = [page for page in english.pages if page.url == PAGE_URL]
        assert seen.supplied_by == f"evidence #{evidence_id} from token alice-browser"


def test_token_create_evidence_only_makes_a_token_for_the_extension(
    private_app: Flask, capsys: pytest.CaptureFixture[str]
) -> None:
    database = private_app.config["SUPPORTCHECK_DATABASE_URL"]
    assert main(["token", "create", "bob-browser", "--evidence-only", "--db", database]) == 0
    printed = capsys.readouterr().out
    assert "scopes evidence:" in printed
    secret = re.search(r"^(sc_\S+)$", printed, re.MULTILINE)
    assert secret is not None
    headers = {"Authorization": f"Bearer {secret.group(1)}"}
    client = private_app.test_client()
    assert client.post("/api/v1/judge", json=body(), headers=headers).status_code == 200
    assert client.get("/api/v1/firms", headers=headers).status_code == 403
    assert client.post("/api/v1/reports", json={}, headers=headers).status_code == 403


def test_evidence_for_a_firm_with_only_an_imported_report_is_kept_but_judges_nothing(
    private_app: Flask, evidence_headers: dict[str, str], writable_store: FilledStore
) -> None:
    sent = body(firm="fjord-air")
    evidence_id = private_app.test_client().post("/api/v1/evidence", json=sent, headers=evidence_headers)
    assert evidence_id.status_code == 201, evidence_id.get_json()
    with open_store(writable_store.url)() as session:
        result = review(session, evidence_id.get_json()["id"], "accept", "user alice")
        assert result.judgement is None and "imported report has no snapshots" in result.note
        assert result.evidence.status == "accepted"
        rejected = review(session, result.evidence.id, "reject", "user alice")
        assert rejected.evidence.status == "rejected" and rejected.judgement is None


def test_kept_pages_go_with_the_open_one_as_one_piece_and_all_join_the_judgement(
    private_app: Flask, evidence_headers: dict[str, str], writable_store: FilledStore
) -> None:
    kept_url = "https://www.acme-bank.test/account/messages"
    kept = {"url": kept_url, "signed_in": True, "probe": {**probe(phone="+390299999999"), "url": kept_url}}
    sent = body(firm="acme-bank", screenshot="data:image/png;base64," + base64.b64encode(PNG).decode())
    sent["pages"].append(kept)
    answer = private_app.test_client().post("/api/v1/evidence", json=sent, headers=evidence_headers)
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["pages"] == [PAGE_URL, kept_url]

    writer = _logged_in(private_app)
    html = writer.get("/firms/acme-bank/evidence").get_data(as_text=True)
    assert PAGE_URL in html and kept_url in html and "+390299999999" in html
    assert "The screenshot is of the first page only." in html
    with open_store(writable_store.url)() as session:
        result = review(session, answer.get_json()["id"], "accept", "user alice")
        assert result.judgement is not None
        english = next(locale for locale in result.judgement.report().locales if locale.locale == "en-US")
        supplied = {page.url: page for page in english.pages if page.supplied_by}
        assert set(supplied) == {PAGE_URL, kept_url}
        assert supplied[kept_url].signed_in and not supplied[PAGE_URL].signed_in


def unlabelled_form_checks() -> dict[str, Any]:
    """The popup's accessibility checks of the probe's form, in the crawler's shape: axe's 'label' fails."""
    return {
        "elements": [{"kind": "contact_form", "selector": "form#ask", "name": "Write to us", "tag": "form"}],
        "axe": {
            "version": "4.10.2",
            "tags": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"],
            "violations": [
                {
                    "id": "label",
                    "impact": "critical",
                    "tags": ["wcag2a", "wcag412"],
                    "help": "Form elements must have labels",
                    "help_url": "https://dequeuniversity.com/rules/axe/4.10/label",
                    "nodes": [
                        {"target": ["form#ask > textarea"], "html": "<textarea>", "support": "contact_form"}
                    ],
                }
            ],
            "incomplete": [],
            "passes": ["button-name"],
            "frames": 1,
            "frame_errors": 0,
        },
        "captchas": [],
        "forms": [],
    }


def test_the_popups_accessibility_checks_are_judged_by_the_a11y_rules(
    private_app: Flask, evidence_headers: dict[str, str]
) -> None:
    client = private_app.test_client()

    def contact_form_outcome(sent: dict[str, Any]) -> str:
        answer = client.post("/api/v1/judge", json=sent, headers=evidence_headers)
        assert answer.status_code == 200, answer.get_json()
        [finding] = [f for f in answer.get_json()["findings"] if f["rule"] == "a11y.contact-form"]
        return str(finding["outcome"])

    assert contact_form_outcome(body()) == "needs_review"  # not checked: nothing is said about it
    checked = body()
    checked["pages"][0]["accessibility"] = unlabelled_form_checks()
    assert contact_form_outcome(checked) == "fail"
    checked["pages"][0]["accessibility"]["axe"]["violations"] = []
    assert contact_form_outcome(checked) == "pass"
    # Capped and closed like the rest: a hostile or unknown field is refused by name.
    hostile = body()
    hostile["pages"][0]["accessibility"] = {**unlabelled_form_checks(), "keyboard": {"presses": 1}}
    refused = client.post("/api/v1/judge", json=hostile, headers=evidence_headers)
    assert refused.status_code == 422 and refused.get_json()["error"]["message"].startswith(
        "pages[0].accessibility: unknown field(s): keyboard"
    )
    hostile["pages"][0]["accessibility"] = unlabelled_form_checks()
    hostile["pages"][0]["accessibility"]["elements"][0]["kind"] = XSS
    refused = client.post("/api/v1/judge", json=hostile, headers=evidence_headers)
    assert refused.status_code == 422
    assert refused.get_json()["error"]["message"].startswith("pages[0].accessibility.elements[0].kind")


def test_a_launcher_the_popup_checked_needs_review_for_the_keyboard_it_could_not_walk(
    private_app: Flask, evidence_headers: dict[str, str]
) -> None:
    checked = body()
    checked["pages"][0]["accessibility"] = unlabelled_form_checks()
    launcher = {
        "kind": "chat_launcher",
        "selector": "#chat",
        "name": "Chat",
        "tag": "button",
        "visible": True,
    }
    checked["pages"][0]["accessibility"]["elements"].append(launcher)
    answer = private_app.test_client().post("/api/v1/judge", json=checked, headers=evidence_headers)
    [keyboard] = [f for f in answer.get_json()["findings"] if f["rule"] == "a11y.keyboard-help"]
    assert keyboard["outcome"] == "needs_review" and "keyboard was not walked" in keyboard["message"]


def test_a_captcha_as_the_popup_finds_it_is_taken_and_judged(
    private_app: Flask, evidence_headers: dict[str, str]
) -> None:
    """extension/a11y.js names the CAPTCHA's own element (``challenge``) beside its form (issue 13)."""
    sent = body()
    sent["pages"][0]["accessibility"] = {
        **unlabelled_form_checks(),
        "captchas": [
            {"kinds": ["image"], "form": "form#ask", "challenge": "form#ask > img", "alternative": ""}
        ],
    }
    answer = private_app.test_client().post("/api/v1/judge", json=sent, headers=evidence_headers)
    assert answer.status_code == 200, answer.get_json()
    [finding] = [f for f in answer.get_json()["findings"] if f["rule"] == "a11y.captcha-alternative"]
    assert finding["outcome"] == "fail"
