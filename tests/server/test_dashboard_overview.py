"""The overview: ranking, key-rule marks, filters as GET parameters, pagination, strict parameters."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from tests.server.conftest import HOSTILE_NAME, counted_statements


def page(client: FlaskClient, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, response.data[:500]
    return BeautifulSoup(response.data, "html.parser")


def firm_names(soup: BeautifulSoup) -> list[str]:
    return [link.get_text() for link in soup.select("table.ranking a.firm")]


def row_of(soup: BeautifulSoup, name: str) -> dict[str, str]:
    """A firm's row as column title -> cell text."""
    titles = [cell.get_text(" ", strip=True) for cell in soup.select("table.ranking thead th")]
    for row in soup.select("table.ranking tbody tr"):
        if row.select_one("a.firm").get_text() == name:
            return dict(
                zip(titles, (cell.get_text(" ", strip=True) for cell in row.find_all("td")), strict=True)
            )
    raise AssertionError(f"{name} is not listed")


def test_firms_ranked_by_latest_score_across_pages(client: FlaskClient) -> None:
    first = page(client, "/")
    second = page(client, "/?page=2")
    ranked = firm_names(first) + firm_names(second)
    assert len(firm_names(first)) == 4
    assert sorted(ranked) == sorted(
        ["Acme Bank", "Botly Telecom", "Cleo Insurance", "Dora Energy", "Fjord Air", HOSTILE_NAME]
    )
    assert ranked[0] == "Cleo Insurance" and ranked[-1] == "Botly Telecom"
    assert "Ghost Co" not in ranked  # a run still running is no evidence
    assert first.select_one("a[rel=next]")["href"] == "/?page=2"
    assert second.select_one("a[rel=prev]")["href"] == "/?page=1"
    assert second.select_one("a[rel=next]") is None


def test_key_rules_show_as_marks_with_region_locks_the_worst_region_rule(client: FlaskClient) -> None:
    soup = page(client, "/?page=2")
    botly = row_of(soup, "Botly Telecom")
    assert botly["Human channel"] == "✗ fail" and botly["Bot only"] == "✗ fail"
    assert botly["Region locks"] == "✓ pass"
    acme = row_of(page(client, "/"), "Acme Bank")
    assert acme["Region locks"] == "✗ fail"  # region.page-blocked in it-IT
    assert acme["Callback"] == "✗ fail" and acme["Bot only"] == "– n/a"
    assert acme["Evidence from"] == "2026-12-01T10:00:00+00:00"
    assert acme["Accessible support"] == "– n/a"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sector=bank", ["Acme Bank"]),
        ("country=IT", ["Cleo Insurance", "Acme Bank"]),
        ("locale=de-DE", ["Acme Bank", "Botly Telecom"]),
        ("rule=human.channel&outcome=fail", ["Botly Telecom"]),
        ("rule=contact.depth", ["Dora Energy"]),  # a rule alone means "fails it"
        ("rule=human.hours&outcome=needs_review", ["Dora Energy"]),
        ("q=acme", ["Acme Bank"]),
        ("q=100%25", []),  # LIKE wildcards are searched as text
        ("sector=bank&country=DE", []),
    ],
)
def test_filters(client: FlaskClient, query: str, expected: list[str]) -> None:
    soup = page(client, f"/?{query}")
    assert firm_names(soup) == expected
    if not expected:
        assert "No firm matches these filters" in soup.get_text()


def test_the_filter_form_shows_the_filters_in_use_and_pagination_keeps_them(client: FlaskClient) -> None:
    soup = page(client, "/?country=IT&locale=en-US&q=e")
    assert soup.select_one("select[name=country] option[selected]").get_text() == "IT"
    assert soup.select_one("select[name=locale] option[selected]").get_text() == "en-US"
    assert soup.select_one("input[name=q]")["value"] == "e"
    assert [option.get_text() for option in soup.select("select[name=sector] option")] == [
        "all",
        "airline",
        "bank",
        "energy",
        "insurance",
        "retail",
        "telecom",
    ]
    two_per_page = page(client, "/?sector=bank&country=IT&page=1")
    assert two_per_page.select_one("a[rel=next]") is None


def test_the_locale_filter_ranks_by_that_locales_score(client: FlaskClient) -> None:
    soup = page(client, "/?locale=it-IT")
    assert firm_names(soup) == ["Cleo Insurance", "Acme Bank"]
    assert row_of(soup, "Acme Bank")["Score (it-IT)"] == "—"  # blocked: nothing could be judged


def test_a_page_past_the_end_is_empty_not_an_error(client: FlaskClient) -> None:
    assert "No firm matches these filters on page 9" in page(client, "/?page=9").get_text()


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=0",
        "page=-1",
        "page=1e3",
        "rule=no.such-rule",
        "outcome=great",
        "locale=<b>",
        "q=" + "x" * 201,
    ],
)
def test_malformed_parameters_are_a_400(client: FlaskClient, query: str) -> None:
    assert client.get(f"/?{query}").status_code == 400


def test_statements_do_not_grow_with_the_firms_shown(app: Flask, client: FlaskClient) -> None:
    client.get("/")  # opens the store
    counts = []
    for size in (1, 6):
        app.config["DASHBOARD_PAGE_SIZE"] = size
        with counted_statements(app) as counter:
            assert client.get("/").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
