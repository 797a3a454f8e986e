"""The API's reading side on the shared data set, read publicly: every route, its filters, pagination
and its answers to bad input; and every route of the app under /api/v1 is in the OpenAPI file."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from server.api.meta import openapi_document
from tests.server.conftest import HOSTILE_SLUG, FilledStore, counted_statements

LINK = re.compile(r'<([^>]+)>; rel="(\w+)"')


def _links(response: Any) -> dict[str, str]:
    return {relation: url for url, relation in LINK.findall(response.headers.get("Link", ""))}


def test_firms_are_listed_by_name_with_their_latest_judgement(client: FlaskClient) -> None:
    body = client.get("/api/v1/firms").get_json()
    names = [firm["name"] for firm in body["items"]]
    assert names == sorted(names) and len(names) == body["total"] == 7
    acme = next(firm for firm in body["items"] if firm["slug"] == "acme-bank")
    assert acme["latest"]["status"] == "partial" and acme["latest"]["score"] is not None
    assert acme["tags"] == {"sector": "bank", "country": "IT"}
    ghost = next(firm for firm in body["items"] if firm["slug"] == "ghost-co")
    assert ghost["latest"] is None  # only a run still running


def test_firms_paginate_with_an_envelope_and_link_headers(client: FlaskClient) -> None:
    first = client.get("/api/v1/firms?per_page=3")
    body = first.get_json()
    assert (body["page"], body["per_page"], body["total"], len(body["items"])) == (1, 3, 7, 3)
    links = _links(first)
    assert set(links) == {"first", "next", "last"}
    assert "page=3" in links["last"] and "per_page=3" in links["last"]
    second = client.get(links["next"])
    assert _links(second).keys() == {"first", "prev", "next", "last"}
    last = client.get(links["last"]).get_json()
    assert len(last["items"]) == 1
    seen = [firm["slug"] for page in (body, second.get_json(), last) for firm in page["items"]]
    assert len(set(seen)) == 7
    assert client.get("/api/v1/firms?page=9").get_json()["items"] == []


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("sector=bank", {"acme-bank", "ghost-co"}),
        ("country=IT&sector=insurance", {"cleo-insurance"}),
        ("q=BOT", {"botly-telecom"}),
        ("q=%25", set()),  # a LIKE wildcard is a literal
        ("country=XX", set()),
    ],
)
def test_firms_filter_by_tag_and_name(client: FlaskClient, query: str, slugs: set[str]) -> None:
    body = client.get(f"/api/v1/firms?{query}").get_json()
    assert {firm["slug"] for firm in body["items"]} == slugs
    assert body["total"] == len(slugs)


def test_firms_sort_by_score_puts_unscored_last(client: FlaskClient) -> None:
    items = client.get("/api/v1/firms?sort=score").get_json()["items"]
    scores = [firm["latest"]["score"] if firm["latest"] else None for firm in items]
    known = [score for score in scores if score is not None]
    assert known == sorted(known, reverse=True)
    assert scores[-1] is None


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/firms?page=0",
        "/api/v1/firms?page=x",
        "/api/v1/firms?per_page=101",
        "/api/v1/firms?per_page=-1",
        "/api/v1/firms?sort=evil",
        "/api/v1/firms?q=" + "x" * 201,
        "/api/v1/runs/1/findings?outcome=bad",
        "/api/v1/runs/1/findings?impact=huge",
        "/api/v1/runs/1/findings?locale=%3Cscript%3E",
        "/api/v1/runs/1?judgement=abc",
        "/api/v1/diff?from=1",
        "/api/v1/diff?from=a&to=2",
    ],
)
def test_bad_parameters_are_400_in_json(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == 400 and error["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/firms/no-such-firm",
        "/api/v1/firms/no-such-firm/runs",
        "/api/v1/runs/999999",
        "/api/v1/runs/999999/findings",
        "/api/v1/runs/1?judgement=999999",
        "/api/v1/diff?from=1&to=999999",
        "/api/v1/no-such-thing",
        "/api/v1/runs/not-a-number",
    ],
)
def test_unknown_things_are_404_in_json(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_a_wrong_method_is_405_in_json_with_allow(client: FlaskClient) -> None:
    response = client.put("/api/v1/firms")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"] and "POST" in response.headers["Allow"]


def test_a_firm_shows_its_locales_channels_and_worst_outcomes(client: FlaskClient) -> None:
    firm = client.get("/api/v1/firms/acme-bank").get_json()
    latest = firm["latest"]
    locales = {locale["locale"]: locale for locale in latest["locales"]}
    assert locales["it-IT"]["status"] == "blocked"
    assert not any(channel["kind"] == "phone" for channel in locales["de-DE"]["channels"])
    assert any(channel["kind"] == "phone" for channel in locales["en-US"]["channels"])
    assert latest["outcomes"]["region.page-blocked"] == "fail"
    assert client.get("/api/v1/firms/ghost-co").get_json()["latest"] is None


def test_hostile_text_comes_back_as_data(client: FlaskClient) -> None:
    response = client.get(f"/api/v1/firms/{HOSTILE_SLUG}")
    assert response.mimetype == "application/json"
    assert "<script>" in response.get_json()["name"]  # as stored; JSON is not HTML
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_firms_runs_are_newest_first_and_paginate(client: FlaskClient, filled_store: FilledStore) -> None:
    body = client.get("/api/v1/firms/acme-bank/runs?per_page=2").get_json()
    assert body["total"] == 3
    ids = [run["id"] for run in body["items"]]
    assert ids == [filled_store.run_ids["acme-bank/3"], filled_store.run_ids["acme-bank/2"]]
    assert body["items"][0]["judgements"][0]["score"] == body["items"][0]["score"]


def test_a_run_shows_its_judgement_and_locales(client: FlaskClient, filled_store: FilledStore) -> None:
    run_id = filled_store.run_ids["acme-bank/3"]
    run = client.get(f"/api/v1/runs/{run_id}").get_json()
    assert run["firm"] == "acme-bank" and run["status"] == "partial"
    assert run["judgement_id"] == run["judgements"][-1]["id"]
    assert [locale["locale"] for locale in run["locales"]] == ["en-US", "de-DE", "it-IT"]
    imported = client.get(f"/api/v1/runs/{filled_store.run_ids['fjord-air/1']}").get_json()
    assert imported["source"] == "import"


def test_findings_filter_and_paginate(client: FlaskClient, filled_store: FilledStore) -> None:
    run_id = filled_store.run_ids["acme-bank/3"]
    everything = client.get(f"/api/v1/runs/{run_id}/findings?per_page=100").get_json()
    assert everything["total"] == len(everything["items"]) > 20
    impacts = [finding["impact"] for finding in everything["items"]]
    order = ["critical", "serious", "moderate", "minor"]
    assert impacts == sorted(impacts, key=order.index)  # worst first
    failing = client.get(f"/api/v1/runs/{run_id}/findings?outcome=fail&locale=it-IT").get_json()["items"]
    assert [finding["rule"] for finding in failing] == ["region.page-blocked"]
    rule = client.get(f"/api/v1/runs/{run_id}/findings?rule=human.channel").get_json()["items"]
    assert {finding["locale"] for finding in rule} == {"en-US", "de-DE", "it-IT"}
    assert all(finding["rule"] == "human.channel" for finding in rule)
    serious = client.get(f"/api/v1/runs/{run_id}/findings?impact=serious&per_page=2")
    assert len(serious.get_json()["items"]) == 2 and "next" in _links(serious)


def test_findings_of_an_unfinished_run_are_404(client: FlaskClient) -> None:
    ghost_runs = client.get("/api/v1/firms/ghost-co/runs").get_json()["items"]
    response = client.get(f"/api/v1/runs/{ghost_runs[0]['id']}/findings")
    assert response.status_code == 404
    assert "running" in response.get_json()["error"]["message"]


def test_diff_names_the_vanished_phone_and_the_new_failures(
    client: FlaskClient, filled_store: FilledStore
) -> None:
    old, new = filled_store.run_ids["acme-bank/1"], filled_store.run_ids["acme-bank/3"]
    diff = client.get(f"/api/v1/diff?from={old}&to={new}").get_json()
    assert diff["from"]["run_id"] == old and diff["to"]["run_id"] == new
    vanished = {(change["locale"], change["kind"]) for change in diff["channels_vanished"]}
    assert ("de-DE", "phone") in vanished and ("en-US", "callback") in vanished
    assert any(change["rule"] == "region.page-blocked" for change in diff["new_failures"])
    assert diff["channels_appeared"] == []


def test_rules_list_every_rule_with_metadata(client: FlaskClient) -> None:
    body = client.get("/api/v1/rules").get_json()
    ids = [rule["id"] for rule in body["items"]]
    assert "human.channel" in ids and ids == sorted(ids)
    assert body["ruleset_version"]
    assert {"title", "failure_title", "impact", "tags", "help", "references"} <= body["items"][0].keys()


def test_the_openapi_file_is_valid_and_served(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert document == openapi_document()
    assert client.get("/api/v1/openapi.yaml").mimetype == "application/yaml"


def _openapi_path(rule: str) -> str:
    """``/api/v1/runs/<int:run_id>`` as OpenAPI writes it: ``/runs/{run_id}``."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.removeprefix("/api/v1"))


def test_every_api_route_is_documented(app: Flask) -> None:
    documented = openapi_document()["paths"]
    routes = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")]
    assert routes
    for rule in routes:
        path = _openapi_path(rule.rule)
        assert path in documented, f"{rule.rule} is not in openapi.yaml"
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            assert method.lower() in documented[path], f"{method} {rule.rule} is not in openapi.yaml"


@pytest.mark.parametrize("per_page", [10, 50])
def test_listing_firms_takes_the_same_statements_whatever_the_page_size(
    client: FlaskClient, app: Flask, per_page: int
) -> None:
    client.get("/api/v1/firms")  # opens the store
    with counted_statements(app) as counter:
        assert client.get(f"/api/v1/firms?per_page={per_page}").status_code == 200
    assert counter.count == 2  # the count and the page
