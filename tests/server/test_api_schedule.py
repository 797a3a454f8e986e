"""The API's schedules (per firm and per tag), alert channels, queue, changes feed and failed deliveries,
and ``POST /firms/{slug}/scans`` on the run ledger: the same rules as the firm file and the dashboard."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.store.db import open_store
from server.store.models import AlertChannel, AlertMessage, Firm, Run
from tests.server.conftest import bearer


@pytest.fixture
def client(ledger_app: Flask) -> FlaskClient:
    return ledger_app.test_client()


@pytest.fixture
def writer(ledger_app: Flask) -> dict[str, str]:
    return bearer(ledger_app, "read", "write")


def test_a_firms_own_schedule_is_set_read_and_removed(client: FlaskClient, writer: dict[str, str]) -> None:
    assert client.get("/api/v1/firms/acme-bank/schedule", headers=writer).status_code == 404
    body = {"cron": "0 6 * * 1", "timezone": "Europe/Rome", "jitter": 600}
    reader = bearer(client.application, "read", name="reader")
    assert client.put("/api/v1/firms/acme-bank/schedule", json=body, headers=reader).status_code == 403
    saved = client.put("/api/v1/firms/acme-bank/schedule", json=body, headers=writer)
    assert saved.status_code == 200
    schedule = saved.get_json()
    assert (schedule["cron"], schedule["timezone"], schedule["jitter"], schedule["tag"]) == (
        "0 6 * * 1",
        "Europe/Rome",
        600,
        None,
    )
    assert datetime.fromisoformat(schedule["next_due_at"]).weekday() == 0
    assert client.get("/api/v1/firms/acme-bank/schedule", headers=writer).get_json() == schedule
    wrong = client.put("/api/v1/firms/acme-bank/schedule", json={"cron": "every day"}, headers=writer)
    assert wrong.status_code == 422
    assert wrong.get_json()["error"]["details"][0]["field"] == "cron"
    extra = client.put("/api/v1/firms/acme-bank/schedule", json={**body, "when": "soon"}, headers=writer)
    assert extra.status_code == 422
    assert client.delete("/api/v1/firms/acme-bank/schedule", headers=writer).status_code == 204
    assert client.get("/api/v1/firms/acme-bank/schedule", headers=writer).status_code == 404


def test_a_tag_schedule_is_followed_by_the_tags_firms_unless_they_have_their_own(
    client: FlaskClient, writer: dict[str, str]
) -> None:
    own = {"cron": "30 5 * * *"}
    assert client.put("/api/v1/firms/ghost-co/schedule", json=own, headers=writer).status_code == 200
    tagged = client.put(
        "/api/v1/tags/sector=bank/schedule", json={"cron": "0 6 * * 1", "jitter": 3600}, headers=writer
    )
    assert tagged.status_code == 200 and tagged.get_json()["firms"] == 2  # Acme Bank and Ghost Co
    acme = client.get("/api/v1/firms/acme-bank/schedule", headers=writer).get_json()
    assert (acme["cron"], acme["tag"]) == ("0 6 * * 1", "sector=bank")
    ghost = client.get("/api/v1/firms/ghost-co/schedule", headers=writer).get_json()
    assert (ghost["cron"], ghost["tag"]) == ("30 5 * * *", None)  # its own wins
    assert client.delete("/api/v1/firms/ghost-co/schedule", headers=writer).status_code == 204
    assert client.get("/api/v1/firms/ghost-co/schedule", headers=writer).get_json()["tag"] == "sector=bank"
    assert client.get("/api/v1/tags/sector=bank/schedule", headers=writer).get_json()["tag"] == "sector=bank"
    assert client.get("/api/v1/tags/nonsense/schedule", headers=writer).status_code == 400
    assert client.delete("/api/v1/tags/sector=bank/schedule", headers=writer).status_code == 204
    assert client.get("/api/v1/firms/acme-bank/schedule", headers=writer).status_code == 404
    assert client.get("/api/v1/tags/sector=bank/schedule", headers=writer).status_code == 404


def test_alert_channels_of_a_firm_and_of_its_tag(client: FlaskClient, writer: dict[str, str]) -> None:
    channels = {
        "channels": [
            {"email": "ops@acme.example", "min_impact": "serious"},
            {
                "webhook": "https://hooks.example/x",
                "secret_env": "HOOK_KEY",
                "rules": ["region.*"],
                "confirm_runs": 2,
            },
        ]
    }
    saved = client.put("/api/v1/firms/acme-bank/alerts", json=channels, headers=writer)
    assert saved.status_code == 200
    assert [
        (item.get("email"), item.get("webhook"), item["confirm_runs"]) for item in saved.get_json()["items"]
    ] == [
        ("ops@acme.example", None, 1),
        (None, "https://hooks.example/x", 2),
    ]
    tag = {"channels": [{"email": "banks@advocate.example", "digest": True}]}
    assert client.put("/api/v1/tags/sector=bank/alerts", json=tag, headers=writer).status_code == 200
    listed = client.get("/api/v1/firms/acme-bank/alerts", headers=writer).get_json()["items"]
    assert [(item.get("email") or item.get("webhook"), item["tag"]) for item in listed] == [
        ("ops@acme.example", None),
        ("https://hooks.example/x", None),
        ("banks@advocate.example", "sector=bank"),
    ]
    both = {"channels": [{"email": "a@b.example", "webhook": "https://x.example/"}]}
    assert client.put("/api/v1/firms/acme-bank/alerts", json=both, headers=writer).status_code == 422
    assert (
        client.put("/api/v1/firms/acme-bank/alerts", json={"channels": []}, headers=writer).status_code == 200
    )
    assert len(client.get("/api/v1/firms/acme-bank/alerts", headers=writer).get_json()["items"]) == 1


def test_a_scan_asked_for_is_queued_in_the_ledger(
    client: FlaskClient, writer: dict[str, str], ledger_app: Flask
) -> None:
    response = client.post("/api/v1/firms/acme-bank/scans", headers=writer)
    assert response.status_code == 202
    body = response.get_json()
    assert (body["status"], body["run_status"]) == ("running", "queued")  # the old field keeps its value
    assert response.headers["Location"].endswith(f"/api/v1/runs/{body['run_id']}")
    assert client.get(f"/api/v1/runs/{body['run_id']}", headers=writer).get_json()["status"] == "queued"
    again = client.post("/api/v1/firms/acme-bank/scans", headers=writer)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "run_in_progress"
    queue = client.get("/api/v1/queue", headers=writer).get_json()
    assert [(run["id"], run["firm"], run["due_at"]) for run in queue["queued"]] == [
        (body["run_id"], "acme-bank", None)
    ]
    [running] = queue["running"]
    assert running["firm"] == "ghost-co" and running["elapsed_s"] > 0


def test_the_changes_feed_and_failed_deliveries(
    client: FlaskClient, writer: dict[str, str], ledger_app: Flask
) -> None:
    changes = client.get("/api/v1/changes?firm=acme-bank&locale=de-DE", headers=writer)
    assert changes.status_code == 200
    [vanished] = changes.get_json()["items"]
    assert (vanished["kind"], vanished["channel"], vanished["value"]) == (
        "channel_vanished",
        "phone",
        "+12025550143",
    )
    blocked = client.get(
        "/api/v1/changes?kind=regression&rule=region.page-blocked", headers=writer
    ).get_json()
    assert [
        (item["firm"], item["locale"], item["old_outcome"], item["new_outcome"]) for item in blocked["items"]
    ] == [("acme-bank", "it-IT", "pass", "fail")]
    assert client.get("/api/v1/changes?tag=sector%3Dtelecom", headers=writer).get_json()["total"] == 0
    with open_store(ledger_app.config["SUPPORTCHECK_DATABASE_URL"])() as session:
        firm = session.scalars(select(Firm).where(Firm.slug == "acme-bank")).one()
        channel = AlertChannel(firm_id=firm.id, kind="email", target="ops@acme.example", rules=[])
        session.add(channel)
        session.flush()
        run = session.scalars(select(Run).where(Run.firm_id == firm.id)).first()
        session.add(
            AlertMessage(
                channel_id=channel.id, run_id=run.id, subject="Acme Bank got worse", body="", payload={},  # type: ignore[union-attr]
                status="failed", attempts=8, last_error="SMTPException: 550",
                next_attempt_at=datetime.now(UTC),
            )
        )  # fmt: skip
        session.commit()
    [failed] = client.get("/api/v1/alerts/deliveries", headers=writer).get_json()["items"]
    assert (failed["status"], failed["last_error"], failed["channel"]["email"]) == (
        "failed",
        "SMTPException: 550",
        "ops@acme.example",
    )
    retried = client.post(f"/api/v1/alerts/deliveries/{failed['id']}/retry", headers=writer)
    assert retried.status_code == 200 and (retried.get_json()["status"], retried.get_json()["attempts"]) == (
        "pending",
        0,
    )
    assert client.post(f"/api/v1/alerts/deliveries/{failed['id']}/retry", headers=writer).status_code == 404
