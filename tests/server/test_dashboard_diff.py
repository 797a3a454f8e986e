"""The run diff: new failures, fixes, and channels that vanished or appeared, dated."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag
from flask.testing import FlaskClient

from tests.server.conftest import FilledStore


def diff_page(client: FlaskClient, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, response.data[:500]
    return BeautifulSoup(response.data, "html.parser")


def section(soup: BeautifulSoup, title: str) -> list[str]:
    """The items listed under the heading that starts with ``title``."""
    heading = next(h2 for h2 in soup.select("h2") if h2.get_text().startswith(title))
    listing = heading.find_next_sibling()
    assert isinstance(listing, Tag)
    return [item.get_text(" ", strip=True) for item in listing.select("li")] if listing.name == "ul" else []


def test_by_default_the_two_newest_runs(client: FlaskClient, filled_store: FilledStore) -> None:
    soup = diff_page(client, "/firms/acme-bank/diff")
    chosen = [select.select_one("option[selected]")["value"] for select in soup.select("form select")]
    assert chosen == [str(filled_store.run_ids["acme-bank/2"]), str(filled_store.run_ids["acme-bank/3"])]
    failures = section(soup, "New failures")
    assert len(failures) == 1
    assert "is refused to visitors from this locale" in failures[0] and "it-IT" in failures[0]
    vanished = section(soup, "Channels that vanished")
    assert any(item.startswith("it-IT Phone number +12025550143 removed from the page") for item in vanished)
    assert section(soup, "Channels that appeared") == []


def test_phone_number_removed_from_the_contact_page_on_a_date(
    client: FlaskClient, filled_store: FilledStore
) -> None:
    first, second = filled_store.run_ids["acme-bank/1"], filled_store.run_ids["acme-bank/2"]
    soup = diff_page(client, f"/firms/acme-bank/diff?from={first}&to={second}")
    items = [item for item in soup.select("ul.changes li") if "Phone number" in item.get_text()]
    assert len(items) == 1
    phone = items[0]
    assert phone.select_one(".tag").get_text() == "de-DE"
    assert " ".join(phone.get_text(" ", strip=True).split()[:11]) == (
        "de-DE Phone number +12025550143 removed from the page https://www.acme-bank.test/contact on "
        "2026-11-03T10:00:00+00:00"
    )
    assert phone.select_one("time")["datetime"] == "2026-11-03T10:00:00+00:00"
    assert any("called back" in item and "en-US" in item for item in section(soup, "New failures"))


def test_reversed_runs_turn_failures_into_fixes_and_vanished_into_appeared(
    client: FlaskClient, filled_store: FilledStore
) -> None:
    first, third = filled_store.run_ids["acme-bank/1"], filled_store.run_ids["acme-bank/3"]
    soup = diff_page(client, f"/firms/acme-bank/diff?from={third}&to={first}")
    fixed = section(soup, "Fixed")
    assert len(fixed) == 2 and all("was fail" in item for item in fixed)
    assert section(soup, "New failures") == []
    assert len(section(soup, "Channels that appeared")) == 8


def test_a_firm_with_one_run_has_nothing_to_compare(client: FlaskClient) -> None:
    assert "needs two judged runs" in diff_page(client, "/firms/dora-energy/diff").get_text()


@pytest.mark.parametrize(("query", "status"), [("from=abc", 400), ("to=0", 400), ("from=99999", 404)])
def test_bad_runs(client: FlaskClient, query: str, status: int) -> None:
    assert client.get(f"/firms/acme-bank/diff?{query}").status_code == status


def test_a_run_of_another_firm_is_not_found(client: FlaskClient, filled_store: FilledStore) -> None:
    botly = filled_store.run_ids["botly-telecom/1"]
    assert client.get(f"/firms/acme-bank/diff?from={botly}").status_code == 404
    assert client.get("/firms/no-such-firm/diff").status_code == 404
