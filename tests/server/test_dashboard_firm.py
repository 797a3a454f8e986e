"""The firm page (matrix, findings with evidence, trend, runs) and the screenshots it links to."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from server import create_app
from tests.server.conftest import FilledStore, counted_statements, server_config

SCREENSHOT_URL = re.compile(r"^/screenshots/[0-9a-f]{64}$")


def firm_page(client: FlaskClient, slug: str) -> BeautifulSoup:
    response = client.get(f"/firms/{slug}")
    assert response.status_code == 200, response.data[:500]
    return BeautifulSoup(response.data, "html.parser")


def test_locale_matrix_shows_channels_and_apps_by_locale(client: FlaskClient) -> None:
    soup = firm_page(client, "acme-bank")
    table = soup.select_one("table.matrix")
    assert [th.get_text() for th in table.select("thead th")] == ["Channel", "en-US", "de-DE", "it-IT"]
    rows = {
        row.th.get_text(): [td.get_text() for td in row.find_all("td")] for row in table.select("tbody tr")
    }
    assert rows["phone"] == ["found", "missing", "blocked"]
    assert rows["callback"] == ["missing", "found", "blocked"]
    assert rows["contact page"] == ["found", "found", "blocked"]


def test_findings_that_need_attention_are_grouped_worst_impact_first_with_evidence(
    client: FlaskClient,
) -> None:
    soup = firm_page(client, "acme-bank")
    impacts = [heading.get_text(" ", strip=True) for heading in soup.select("h3.impact")]
    assert impacts == ["Serious (1)", "Minor (1)"]
    blocked = soup.select("article.finding")[0]
    assert "region.page-blocked" in blocked.get_text() and "it-IT" in blocked.get_text()
    evidence = blocked.select_one(".evidence")
    assert evidence.select_one("a.url")["href"] == "https://www.acme-bank.test/contact"
    assert evidence.select_one("blockquote.snippet").get_text() == "Contact us"
    thumbnail = evidence.select_one("a.thumb")
    assert SCREENSHOT_URL.match(thumbnail["href"]) and thumbnail.img["src"] == thumbnail["href"]
    assert "Passed or not applicable (70)" in soup.select_one("details.settled summary").get_text()
    access = next(h2 for h2 in soup.select("h2") if h2.get_text().startswith("Accessible support"))
    assert "n/a" in access.get_text()  # synthetic scans carry no accessibility pass
    rows = access.find_next("table").select("tbody tr")
    assert len(rows) == 8 * 3  # every a11y.* and access.* rule in each of the three locales


def test_score_trend_has_a_point_per_scored_run(client: FlaskClient) -> None:
    soup = firm_page(client, "acme-bank")
    points = soup.select("svg.trend circle")
    assert [point.title.get_text() for point in points] == [
        "2026-10-01T10:00:00+00:00: 100",
        "2026-11-03T10:00:00+00:00: 100",
        "2026-12-01T10:00:00+00:00: 94",
    ]
    assert float(points[2]["cy"]) > float(points[0]["cy"])  # a lower score is lower on the chart
    assert float(points[0]["cx"]) < float(points[1]["cx"]) < float(points[2]["cx"])


def test_runs_listed_newest_first_with_links_to_diffs(client: FlaskClient, filled_store: FilledStore) -> None:
    soup = firm_page(client, "acme-bank")
    runs = soup.select("table.runs tbody tr")
    assert [row.td.get_text() for row in runs] == [
        f"#{filled_store.run_ids[f'acme-bank/{n}']}" for n in (3, 2, 1)
    ]
    assert "partial" in runs[0].get_text()
    diff_link = runs[0].select_one("a")["href"]
    assert diff_link == (
        f"/firms/acme-bank/diff?to={filled_store.run_ids['acme-bank/3']}&from={filled_store.run_ids['acme-bank/2']}"
    )


def test_pages_visited_per_locale_with_screenshots(client: FlaskClient) -> None:
    soup = firm_page(client, "acme-bank")
    summaries = [details.summary.get_text() for details in soup.select("details.pages")]
    assert summaries == ["de-DE (2 pages)", "en-US (2 pages)", "it-IT (1 page)"]
    assert all(SCREENSHOT_URL.match(link["href"]) for link in soup.select("details.pages a.thumb"))


def test_an_imported_firm_without_screenshots_and_a_firm_never_stored(client: FlaskClient) -> None:
    imported = firm_page(client, "fjord-air")
    assert imported.select_one("table.matrix") is not None and not imported.select("a.thumb")
    ghost = firm_page(client, "ghost-co")
    assert "No run of this firm has been stored yet." in ghost.get_text()
    assert client.get("/firms/no-such-firm").status_code == 404


def test_a_screenshot_is_served_as_the_stored_image(client: FlaskClient) -> None:
    link = firm_page(client, "acme-bank").select_one("a.thumb")["href"]
    response = client.get(link)
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize(
    "path",
    [
        "/screenshots/" + "0" * 64,  # well formed, not stored
        "/screenshots/" + "A" * 64,
        "/screenshots/..%2F..%2Fstore.db",
        "/screenshots/../store.db",
        "/screenshots/%2Fetc%2Fpasswd",
    ],
)
def test_nothing_else_is_served_as_a_screenshot(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_a_stored_path_leading_out_of_the_screenshots_folder_is_refused(
    filled_store: FilledStore, tmp_path: Path
) -> None:
    """Even the store's own row is not trusted to name a file outside ``screenshots/``."""
    database = tmp_path / "store.db"
    shutil.copyfile(filled_store.url.removeprefix("sqlite:///"), database)
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n secret")
    with sqlite3.connect(database) as connection:
        digest = connection.execute("SELECT sha256 FROM screenshots LIMIT 1").fetchone()[0]
        connection.execute("UPDATE screenshots SET path = '../secret.png' WHERE sha256 = ?", (digest,))
    config: dict[str, Any] = {
        **server_config(filled_store),
        "SUPPORTCHECK_DATABASE_URL": f"sqlite:///{database}",
    }
    config["SUPPORTCHECK_DATA_DIR"] = str(tmp_path / "data")
    (tmp_path / "data" / "screenshots").mkdir(parents=True)
    app = create_app(config)
    assert app.test_client().get(f"/screenshots/{digest}").status_code == 404
    app.extensions["supportcheck.store"].kw["bind"].dispose()


def test_statements_do_not_grow_with_runs_findings_or_pages(app: Flask, client: FlaskClient) -> None:
    client.get("/firms/dora-energy")
    counts = []
    for slug in ("dora-energy", "acme-bank"):  # one run and two locales; three runs and three locales
        with counted_statements(app) as counter:
            assert client.get(f"/firms/{slug}").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
