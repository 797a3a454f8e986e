"""``POST /api/v1/judge`` with an app's store page among the pages: the page is read for what it
says of the app in the person's storefront, never judged as the firm's site."""

from __future__ import annotations

from typing import Any

from flask import Flask

from server.api.judge import ONLY_STORE_PAGES, UNREAD_STORE_PAGE
from tests.checker.test_store_page import APPLE_ID, APPLE_URL, apple_probe
from tests.server.conftest import bearer
from tests.server.test_api_evidence import PAGE_URL, probe

APPLE_NOTICE = "This app is currently not available in your country or region."


def _store_page(*shown: str, url: str = APPLE_URL, **extra: Any) -> dict[str, Any]:
    """A store page as the popup sends it (the extension's probe, with its version and viewport)."""
    sent = {**apple_probe(*shown, **extra), "snapshot_version": 1, "viewport": {"width": 1280, "height": 800}}
    return {"url": url, "probe": sent}


def _judge(app: Flask, *pages: dict[str, Any], locale: str = "de-DE") -> dict[str, Any]:
    answer = app.test_client().post(
        "/api/v1/judge",
        json={"locale": locale, "pages": list(pages)},
        headers=bearer(app, "evidence", name="alice-browser"),
    )
    assert answer.status_code == 200, answer.get_json()
    judged: dict[str, Any] = answer.get_json()
    return judged


def test_a_store_page_alone_says_whether_the_app_is_sold_and_judges_no_site(private_app: Flask) -> None:
    judged = _judge(private_app, _store_page(APPLE_NOTICE))
    assert judged["findings"] == [] and judged["score"] is None
    assert judged["status_reason"] == ONLY_STORE_PAGES
    assert set(judged["channels"].values()) == {0}
    [store] = judged["store_pages"]
    assert store["url"] == APPLE_URL and store["store"] == "apple" and store["id"] == APPLE_ID
    assert store["country"] == "IT"  # the storefront the address names, not the locale's (DE)
    assert store["available"] is False and APPLE_NOTICE in store["reason"]
    assert store["title"] == "Fibrax Assistenza"


def test_beside_the_firms_page_the_store_page_is_read_apart(private_app: Flask) -> None:
    firm_page = {"url": PAGE_URL, "probe": probe()}
    judged = _judge(private_app, _store_page("Get", "Ratings and Reviews"), firm_page, locale="en-US")
    [store] = judged["store_pages"]
    assert store["available"] is True and store["country"] == "IT"
    assert "judged from 1 page(s)" in judged["status_reason"]
    assert "1 app store page(s) read apart" in judged["status_reason"]
    findings = {finding["rule"]: finding for finding in judged["findings"]}
    assert findings["human.channel"]["outcome"] == "pass" and judged["channels"]["phone"] == 1
    cited = {item["url"] for finding in judged["findings"] for item in finding["evidence"]}
    assert APPLE_URL not in cited  # no rule took the store page for the firm's


def test_a_store_page_that_does_not_tell_gives_no_answer(private_app: Flask) -> None:
    """A page in a language whose notice is not known: "not sold" cannot be ruled out, so no answer."""
    [store] = _judge(private_app, _store_page("Ottieni", lang="it-IT"))["store_pages"]
    assert store == {"url": APPLE_URL, "available": None, "reason": UNREAD_STORE_PAGE}


def test_only_the_firms_pages_give_no_store_pages(private_app: Flask) -> None:
    judged = _judge(private_app, {"url": PAGE_URL, "probe": probe()}, locale="en-US")
    assert judged["store_pages"] == [] and "read apart" not in judged["status_reason"]
