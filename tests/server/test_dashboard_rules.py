"""The rules pages: every rule's metadata, and which firms fail it in their latest run."""

from __future__ import annotations

from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from rules.registry import all_rules


def test_every_rule_is_listed_with_the_number_of_firms_failing_it(client: FlaskClient) -> None:
    response = client.get("/rules")
    assert response.status_code == 200
    soup = BeautifulSoup(response.data, "html.parser")
    rows = {row.code.get_text(): row for row in soup.select("table.rules tbody tr")}
    assert list(rows) == [rule.meta.id for rule in all_rules()]
    failing = {rule_id: row.find_all("td")[-1].get_text(strip=True) for rule_id, row in rows.items()}
    assert failing["human.channel"] == "1"  # Botly
    assert failing["callback.offered"] == "5"  # everyone but Cleo
    assert failing["human.hours"] == "0"  # Dora's is only "needs review"
    link = rows["human.channel"].find_all("td")[-1].a["href"]
    assert link == "/?rule=human.channel&outcome=fail"


def test_a_rule_page_explains_the_rule_and_lists_the_firms_failing_it(client: FlaskClient) -> None:
    response = client.get("/rules/human.bot-only")
    assert response.status_code == 200
    soup = BeautifulSoup(response.data, "html.parser")
    meta = next(rule.meta for rule in all_rules() if rule.meta.id == "human.bot-only")
    text = soup.get_text(" ", strip=True)
    assert meta.description in text and meta.help in text and meta.references[0] in text
    assert all(tag in text for tag in meta.tags)
    assert [link.get_text() for link in soup.select("table.ranking a")] == ["Botly Telecom"]


def test_firms_failing_a_rule_are_paginated(client: FlaskClient) -> None:
    first = BeautifulSoup(client.get("/rules/callback.offered").data, "html.parser")
    assert len(first.select("table.ranking tbody tr")) == 4
    assert first.select_one("a[rel=next]")["href"] == "/rules/callback.offered?page=2"
    second = BeautifulSoup(client.get("/rules/callback.offered?page=2").data, "html.parser")
    assert len(second.select("table.ranking tbody tr")) == 1


def test_unknown_rule_and_bad_page(client: FlaskClient) -> None:
    assert client.get("/rules/no.such-rule").status_code == 404
    assert client.get("/rules/human.channel?page=x").status_code == 400
