"""Every page keeps scraped text inert: escaped, linked only over http(s), under a CSP with no inline code."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from tests.server.conftest import HOSTILE_SLUG

PAGES = (
    "/",
    "/?q=Evil",
    f"/firms/{HOSTILE_SLUG}",
    f"/firms/{HOSTILE_SLUG}/diff",
    f"/compare?firm={HOSTILE_SLUG}&firm=acme-bank",
    "/compare",
    "/rules",
    "/rules/callback.offered",
    "/firms/acme-bank",
)
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$")


@pytest.mark.parametrize("path", PAGES)
def test_pages_run_no_inline_code_and_link_only_http(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == "default-src 'self'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    soup = BeautifulSoup(response.data, "html.parser")
    assert [script.get("src") for script in soup.find_all("script")] == ["/static/dates.js"]
    assert not soup.select("[style], style")  # the CSP would block them: the stylesheet has everything
    assert not [tag for tag in soup.find_all(True) if any(name.startswith("on") for name in tag.attrs)]
    for link in soup.find_all(["a", "img", "link", "form"]):
        target = link.get("href") or link.get("src") or link.get("action") or ""
        assert target.startswith(("/", "?", "#", "https://", "http://")), target


@pytest.mark.parametrize("path", [f"/firms/{HOSTILE_SLUG}", f"/firms/{HOSTILE_SLUG}/diff", "/?q=Evil"])
def test_payloads_are_printed_as_text(client: FlaskClient, path: str) -> None:
    body = client.get(path).get_data(as_text=True)
    assert "&lt;script&gt;window.__pwned=1" in body
    assert "<script>window" not in body and "<img src=x" not in body


def test_hostile_urls_are_shown_but_not_linked(client: FlaskClient) -> None:
    soup = BeautifulSoup(client.get(f"/firms/{HOSTILE_SLUG}").data, "html.parser")
    shown = [span.get_text() for span in soup.select("span.url")]
    assert "javascript:window.__pwned=1;alert('url')//" in shown
    assert not soup.select("a[href^=javascript], a[href^=JAVASCRIPT]")


def test_dates_are_machine_readable_time_elements(client: FlaskClient) -> None:
    soup = BeautifulSoup(client.get("/firms/acme-bank").data, "html.parser")
    times = soup.find_all("time")
    assert times
    for moment in times:
        assert ISO_MOMENT.match(moment["datetime"]) and moment.get_text() == moment["datetime"]


def test_the_date_script_and_stylesheet_are_served_by_the_app(client: FlaskClient) -> None:
    script = client.get("/static/dates.js")
    assert script.status_code == 200 and b"Intl.DateTimeFormat" in script.data
    assert client.get("/static/dashboard.css").status_code == 200
