"""A firm's schedule and alert settings, "run now", the queue, the changes feed and failed alert
deliveries on the dashboard: readers see them, only a logged-in writer with the CSRF token changes them."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server.store.db import open_store
from server.store.models import AlertChannel, AlertMessage, Firm, Run, Schedule
from tests.server.conftest import HOSTILE_NAME, add_user

PASSWORD = "correct horse battery"


def _token(client: FlaskClient, path: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert found, f"no form on {path}"
    return found.group(1)


@pytest.fixture
def writer(ledger_app: Flask) -> FlaskClient:
    add_user(ledger_app)
    client = ledger_app.test_client()
    response = client.post(
        "/login", data={"name": "alice", "password": PASSWORD, "csrf_token": _token(client, "/login")}
    )
    assert response.status_code == 302
    return client


def _rows(app: Flask, model: type, *where: object) -> list:  # type: ignore[type-arg]
    with open_store(app.config["SUPPORTCHECK_DATABASE_URL"])() as session:
        return list(session.scalars(select(model).where(*where)))


def test_readers_see_schedule_and_alerts_but_no_forms(client: FlaskClient) -> None:
    firm_page = client.get("/firms/acme-bank").get_data(as_text=True)
    assert "Not scheduled: crawled only when asked." in firm_page and "Run now" not in firm_page
    settings = client.get("/firms/acme-bank/settings").get_data(as_text=True)
    assert "No one is told when Acme Bank changes." in settings and '<form method="post"' not in settings
    assert client.post("/firms/acme-bank/run").status_code == 401  # public read is no licence to write
    assert client.post("/firms/acme-bank/schedule", data={"cron": "0 6 * * 1"}).status_code == 401


def test_a_writer_sets_a_schedule_and_channels_with_the_csrf_token(
    writer: FlaskClient, ledger_app: Flask
) -> None:
    path = "/firms/acme-bank/settings"
    assert writer.post("/firms/acme-bank/schedule", data={"cron": "0 6 * * 1"}).status_code == 400  # no token
    token = _token(writer, path)
    form = {"cron": "0 6 * * 1", "timezone": "Europe/Rome", "jitter": "600", "csrf_token": token}
    saved = writer.post("/firms/acme-bank/schedule", data=form)
    assert (saved.status_code, saved.headers["Location"]) == (303, path)
    page = writer.get(path).get_data(as_text=True)
    assert "Schedule saved." in page and "<code>0 6 * * 1</code>" in page and "Europe/Rome" in page
    [schedule] = _rows(ledger_app, Schedule)
    assert schedule.next_due_at is not None and schedule.next_due_at.weekday() == 0 and schedule.tag is None

    wrong = writer.post("/firms/acme-bank/schedule", data={**form, "cron": "every monday"})
    assert wrong.status_code == 422
    assert "bad cron expression &#39;every monday&#39;" in wrong.get_data(as_text=True)

    channel = {"kind": "webhook", "target": "https://hooks.example/x", "secret_env": "HOOK_KEY",
               "rules": "region.*, human.channel", "min_impact": "serious", "confirm_runs": "2",
               "digest": "on", "csrf_token": token}  # fmt: skip
    assert writer.post("/firms/acme-bank/alerts", data=channel).status_code == 303
    [stored] = _rows(ledger_app, AlertChannel)
    saved_channel = (stored.kind, stored.secret_env, stored.rules, stored.min_impact, stored.confirm_runs)
    assert saved_channel == ("webhook", "HOOK_KEY", ["region.*", "human.channel"], "serious", 2)
    assert stored.digest
    bad = writer.post("/firms/acme-bank/alerts", data={**channel, "kind": "email", "secret_env": ""})
    assert bad.status_code == 422 and "is not an e-mail address" in bad.get_data(as_text=True)
    removed = writer.post(f"/firms/acme-bank/alerts/{stored.id}/delete", data={"csrf_token": token})
    assert removed.status_code == 303 and _rows(ledger_app, AlertChannel) == []
    assert (
        writer.post("/firms/acme-bank/schedule", data={"remove": "1", "csrf_token": token}).status_code == 303
    )
    assert _rows(ledger_app, Schedule) == []


def test_run_now_queues_one_run_and_a_second_gets_a_409_page(writer: FlaskClient, ledger_app: Flask) -> None:
    token = _token(writer, "/firms/acme-bank")
    started = writer.post("/firms/acme-bank/run", data={"csrf_token": token})
    assert (started.status_code, started.headers["Location"]) == (303, "/queue")
    [queued] = _rows(ledger_app, Run, Run.status == "queued")
    assert queued.due_at is None and queued.lease_owner is None  # a worker will claim it
    board = writer.get("/queue").get_data(as_text=True)
    assert f"Run #{queued.id} of Acme Bank is queued." in board
    assert re.search(rf"<td>#{queued.id}</td><td><a href=\"/firms/acme-bank\">Acme Bank</a>", board)
    assert "asked for" in board

    again = writer.post("/firms/acme-bank/run", data={"csrf_token": token})
    assert again.status_code == 409
    assert f"Run #{queued.id} is queued" in again.get_data(as_text=True)
    assert len(_rows(ledger_app, Run, Run.status == "queued")) == 1
    busy = writer.post("/firms/ghost-co/run", data={"csrf_token": token})  # its run is still running
    assert busy.status_code == 409 and "is running" in busy.get_data(as_text=True)


def test_the_queue_shows_running_runs_with_their_elapsed_time(writer: FlaskClient) -> None:
    page = writer.get("/queue").get_data(as_text=True)
    running = page.split("<h2>Running")[1].split("<h2>")[0]
    assert "Ghost Co" in running and re.search(r"\d+h \d\dm \d\ds", running)


def test_the_changes_feed_filters_and_escapes_what_was_scraped(client: FlaskClient) -> None:
    everything = client.get("/changes").get_data(as_text=True)
    assert "Acme Bank" in everything and "Cleo Insurance" in everything
    vanished = client.get("/changes?firm=acme-bank&kind=channel_vanished&locale=de-DE").get_data(as_text=True)
    assert "phone number" in vanished and "Cleo" not in vanished.split('<ul class="changes feed">')[1]
    assert "1 change" in vanished
    appeared = client.get("/changes?kind=channel_appeared&tag=sector%3Dinsurance").get_data(as_text=True)
    assert "2 changes" in appeared and "opening hours" in appeared  # both of Cleo's locales now state them
    assert "Acme Bank" not in appeared.split('<ul class="changes feed">')[1]
    assert "No change matches." in client.get("/changes?kind=recovery&firm=acme-bank").get_data(as_text=True)
    hostile = client.get("/changes?tag=sector%3Dretail").get_data(as_text=True)
    assert "<script>window.__pwned" not in hostile and "&lt;script&gt;window.__pwned" in hostile
    assert HOSTILE_NAME.split("<")[0] in hostile.replace("&#34;", '"')
    assert client.get("/changes?kind=nonsense").status_code == 400


def test_failed_deliveries_are_listed_and_can_be_retried(writer: FlaskClient, ledger_app: Flask) -> None:
    sessions = open_store(ledger_app.config["SUPPORTCHECK_DATABASE_URL"])
    with sessions() as session:
        firm = session.scalars(select(Firm).where(Firm.slug == "acme-bank")).one()
        channel = AlertChannel(
            firm_id=firm.id, kind="webhook", target="https://dead.example/<b>hook</b>", rules=[]
        )
        session.add(channel)
        session.flush()
        session.add(
            AlertMessage(
                channel_id=channel.id, run_id=firm.runs[0].id, subject="Acme Bank got worse", body="",
                payload={}, status="failed", attempts=8, last_error="ConnectError: refused",
                next_attempt_at=datetime.now(UTC),
            )
        )  # fmt: skip
        session.commit()
    page = writer.get("/alerts").get_data(as_text=True)
    assert "ConnectError: refused" in page and "&lt;b&gt;hook&lt;/b&gt;" in page and "<b>hook" not in page
    message_id = int(re.search(r"/alerts/(\d+)/retry", page).group(1))  # type: ignore[union-attr]
    assert writer.post(f"/alerts/{message_id}/retry").status_code == 400  # no CSRF token
    retried = writer.post(f"/alerts/{message_id}/retry", data={"csrf_token": _token(writer, "/alerts")})
    assert retried.status_code == 303
    [message] = _rows(ledger_app, AlertMessage)
    assert (message.status, message.attempts) == ("pending", 0)


def test_a_writer_sets_a_tags_schedule_and_its_firms_follow(
    writer: FlaskClient, ledger_app: Flask, client: FlaskClient
) -> None:
    path = "/tags/sector=bank/settings"
    reader_page = client.get(path).get_data(as_text=True)
    assert "The tag has no schedule." in reader_page and '<form method="post"' not in reader_page
    assert client.post("/tags/sector=bank/schedule", data={"cron": "0 6 * * 1"}).status_code == 401
    assert writer.get("/tags/not-a-tag/settings").status_code == 404

    token = _token(writer, path)
    form = {"cron": "30 5 * * 2", "timezone": "Europe/Rome", "csrf_token": token}
    saved = writer.post("/tags/sector=bank/schedule", data=form)
    assert (saved.status_code, saved.headers["Location"]) == (303, path)
    page = writer.get(path).get_data(as_text=True)
    assert "Schedule saved; 2 firm(s) carry the tag." in page and "<code>30 5 * * 2</code>" in page
    assert "Acme Bank</a>:\n  follows this tag" in page
    [acme] = _rows(
        ledger_app, Schedule, Schedule.firm_id == _rows(ledger_app, Firm, Firm.slug == "acme-bank")[0].id
    )
    assert acme.tag == "sector=bank" and acme.cron == "30 5 * * 2" and acme.next_due_at is not None
    firm_settings = writer.get("/firms/acme-bank/settings").get_data(as_text=True)
    assert 'href="/tags/sector=bank/settings"' in firm_settings

    wrong = writer.post("/tags/sector=bank/schedule", data={**form, "timezone": "Mars/Olympus"})
    assert wrong.status_code == 422 and "Nothing was saved" in wrong.get_data(as_text=True)

    removed = writer.post("/tags/sector=bank/schedule", data={"remove": "1", "csrf_token": token})
    assert removed.status_code == 303
    assert "The tag has no schedule." in writer.get(path).get_data(as_text=True)
    assert _rows(ledger_app, Schedule, Schedule.tag == "sector=bank") == []
