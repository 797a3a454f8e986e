"""The compare page and its CSV: 2–6 firms side by side, the same data in both, safe in a spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from server.dashboard.compare import csv_cell
from tests.server.conftest import HOSTILE_NAME, HOSTILE_SLUG, counted_statements

PAIR = "/compare?firm=acme-bank&firm=botly-telecom"


def test_firms_side_by_side_in_the_order_asked(client: FlaskClient) -> None:
    response = client.get(PAIR)
    assert response.status_code == 200
    soup = BeautifulSoup(response.data, "html.parser")
    assert [th.get_text(strip=True) for th in soup.select("table.compare thead th")][1:] == [
        "Acme Bank",
        "Botly Telecom",
    ]
    sections = [th.get_text(strip=True) for th in soup.select("tr.section th")]
    assert sections == [
        "Summary",
        "Rule outcomes (worst over the locales)",
        "Channels in de-DE",
        "Channels in en-US",
        "Channels in it-IT",
    ]
    rows = {
        row.th.contents[0].strip(): [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in soup.select("table.compare tbody tr:not(.section)")
        if row.th.contents
    }
    assert rows["Score"] == ["94", "72"]
    assert rows["Accessible support"] == ["– n/a", "– n/a"]
    assert rows["human.channel"] == ["✓ pass", "✗ fail in de-DE, en-US"]
    assert rows["Evidence from"] == ["2026-12-01T10:00:00+00:00", "2026-12-02T10:00:00+00:00"]
    assert soup.select_one("time[datetime='2026-12-01T10:00:00+00:00']") is not None
    phone_cells = [
        row for row in soup.select("table.compare tbody tr") if row.th.get_text(strip=True) == "phone"
    ]
    assert [cell.get_text(" ", strip=True) for cell in phone_cells[0].find_all("td")] == [
        "missing",
        "missing",
    ]
    en_us_phone = [cell.get_text(" ", strip=True) for cell in phone_cells[1].find_all("td")]
    assert en_us_phone == ["found +12025550143", "missing"]
    it_it = [cell.get_text(" ", strip=True) for cell in phone_cells[2].find_all("td")]
    assert it_it == ["blocked", "not scanned"]
    assert soup.select_one("a[download]")["href"] == "/compare.csv?firm=acme-bank&firm=botly-telecom"


def test_the_stylesheet_prints_without_navigation_or_forms(client: FlaskClient) -> None:
    stylesheet = client.get("/static/dashboard.css").get_data(as_text=True)
    print_rules = stylesheet[stylesheet.index("@media print") :]
    assert "header.site" in print_rules and "form.filters" in print_rules and ".no-print" in print_rules


def test_csv_has_the_same_rows_as_the_page(client: FlaskClient) -> None:
    response = client.get("/compare.csv?firm=acme-bank&firm=botly-telecom")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert (
        'filename="supportcheck-compare-acme-bank-botly-telecom.csv"'
        in response.headers["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["section", "row", "Acme Bank", "Botly Telecom"]
    assert ["Summary", "Score", "94", "72"] in rows
    assert ["Summary", "Evidence from", "2026-12-01T10:00:00+00:00", "2026-12-02T10:00:00+00:00"] in rows
    assert [
        "Rule outcomes (worst over the locales)",
        "human.channel",
        "✓ pass",
        "✗ fail (in de-DE, en-US)",
    ] in rows
    assert ["Channels in en-US", "phone", "found (+12025550143)", "missing"] in rows
    page_rows = BeautifulSoup(client.get(PAIR).data, "html.parser").select(
        "table.compare tbody tr:not(.section)"
    )
    assert len(rows) == 1 + len(page_rows)


def test_csv_cells_cannot_start_a_formula(client: FlaskClient) -> None:
    response = client.get(f"/compare.csv?firm={HOSTILE_SLUG}&firm=acme-bank")
    header = next(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert header[2] == "'" + HOSTILE_NAME
    assert all(
        not cell.startswith(("=", "+", "-", "@"))
        for row in csv.reader(io.StringIO(response.get_data(as_text=True)))
        for cell in row
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("plain", "plain"),
        ("", ""),
    ],
)
def test_csv_cell(text: str, expected: str) -> None:
    assert csv_cell(text) == expected


def test_without_firms_the_page_explains_how_to_pick_them(client: FlaskClient) -> None:
    response = client.get("/compare")
    assert response.status_code == 200
    assert b"Tick two to six firms" in response.data


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("firm=acme-bank", 400),
        ("firm=acme-bank&firm=acme-bank", 400),  # the same firm twice is one firm
        ("&".join(f"firm=f{number}" for number in range(7)), 400),
        ("firm=acme-bank&firm=" + "x" * 201, 400),
        ("firm=acme-bank&firm=no-such-firm", 404),
        ("firm=acme-bank&firm=ghost-co", 404),  # never stored a run
    ],
)
def test_bad_selections(client: FlaskClient, query: str, status: int) -> None:
    assert client.get(f"/compare?{query}").status_code == status
    assert client.get(f"/compare.csv?{query}").status_code == status


def test_csv_needs_firms(client: FlaskClient) -> None:
    assert client.get("/compare.csv").status_code == 400


def test_statements_do_not_grow_with_the_firms_compared(app: Flask, client: FlaskClient) -> None:
    client.get(PAIR)
    counts = []
    for query in (PAIR, "/compare?firm=acme-bank&firm=botly-telecom&firm=cleo-insurance&firm=dora-energy"):
        with counted_statements(app) as counter:
            assert client.get(query).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
