"""The API's writing side: creating and editing firms, deleting runs, uploading reports, and who may.

Each test writes to its own copy of the shared data set, on a server that is not publicly readable.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from server.auth.models import ApiToken
from server.schedule.ledger import enqueue_run
from server.store.db import open_store
from server.store.models import Finding, Judgement, Run
from server.store.writer import ensure_firm
from tests.server.conftest import FilledStore, add_user, bearer

NEW_FIRM = {
    "name": "Nova Telecom",
    "entry_urls": ["https://www.nova.example/"],
    "locales": ["it_it", "en-GB"],
    "apps": ["apple:284882215", "google:com.nova.app"],
    "tags": {"sector": "telecom", "country": "IT"},
}


@pytest.fixture
def client(private_app: Flask) -> FlaskClient:
    return private_app.test_client()


@pytest.fixture
def writer(private_app: Flask) -> dict[str, str]:
    return bearer(private_app, "read", "write", "upload")


def _stored_report(store: FilledStore, run_key: str) -> dict[str, object]:
    sessions = open_store(store.url)
    with sessions() as session:
        run = session.get(Run, store.run_ids[run_key])
        assert run is not None and run.latest_judgement is not None
        report: dict[str, object] = json.loads(run.latest_judgement.report_json)
    sessions.kw["bind"].dispose()
    return report


# --- who may write --------------------------------------------------------------------------------

WRITES = [
    ("post", "/api/v1/firms", NEW_FIRM),
    ("patch", "/api/v1/firms/acme-bank", {"tags": {"sector": "retail"}}),
    ("post", "/api/v1/firms/acme-bank/scans", None),
    ("delete", "/api/v1/runs/1", None),
]


@pytest.mark.parametrize(("method", "path", "body"), [*WRITES, ("post", "/api/v1/reports", {})])
def test_every_write_needs_credentials(client: FlaskClient, method: str, path: str, body: object) -> None:
    response = getattr(client, method)(path, json=body)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "login_required"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_an_upload_only_token_may_do_nothing_but_upload(
    private_app: Flask, client: FlaskClient, method: str, path: str, body: object
) -> None:
    headers = bearer(private_app, "upload")
    response = getattr(client, method)(path, json=body, headers=headers)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "scope_missing"
    assert client.get("/api/v1/firms", headers=headers).status_code == 403  # nor read


def test_an_upload_only_token_uploads_a_report(
    private_app: Flask, client: FlaskClient, writable_store: FilledStore
) -> None:
    report = _stored_report(writable_store, "cleo-insurance/2")
    response = client.post(
        "/api/v1/reports?firm=Cleo Insurance", json=report, headers=bearer(private_app, "upload")
    )
    assert response.status_code == 201, response.get_json()
    run = response.get_json()
    assert run["source"] == "import" and run["firm"] == "cleo-insurance"
    assert response.headers["Location"].endswith(f"/api/v1/runs/{run['id']}")


def test_a_read_only_token_may_read_but_not_write(private_app: Flask, client: FlaskClient) -> None:
    headers = bearer(private_app, "read")
    assert client.get("/api/v1/firms", headers=headers).status_code == 200
    assert client.post("/api/v1/firms", json=NEW_FIRM, headers=headers).status_code == 403


@pytest.mark.parametrize(
    "authorization", ["Bearer sc_not-a-real-token", "Basic YWxpY2U6c2VjcmV0", "Bearer", "Token abc"]
)
def test_bad_credentials_are_refused_and_never_fall_back_to_the_session(
    private_app: Flask, client: FlaskClient, authorization: str
) -> None:
    add_user(private_app)
    client.post(
        "/login", data={"name": "alice", "password": "correct horse battery", "csrf_token": _csrf(client)}
    )
    response = client.get("/api/v1/firms", headers={"Authorization": authorization})
    assert response.status_code == 401
    assert client.get("/api/v1/firms").status_code == 200  # the session itself is fine


def test_a_revoked_token_is_refused(private_app: Flask, client: FlaskClient) -> None:
    from server.auth.accounts import revoke_token

    headers = bearer(private_app, "read")
    assert client.get("/api/v1/rules", headers=headers).status_code == 200
    sessions = open_store(private_app.config["SUPPORTCHECK_DATABASE_URL"])
    with sessions() as session:
        assert revoke_token(session, headers["Authorization"].removeprefix("Bearer ")) == 1
    sessions.kw["bind"].dispose()
    assert client.get("/api/v1/rules", headers=headers).status_code == 401


def test_tokens_are_stored_only_as_hashes(private_app: Flask) -> None:
    secret = bearer(private_app, "read", "write")["Authorization"].removeprefix("Bearer ")
    sessions = open_store(private_app.config["SUPPORTCHECK_DATABASE_URL"])
    with sessions() as session:
        token = session.scalars(select(ApiToken)).one()
        assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert secret.startswith(token.prefix) and len(token.prefix) < len(secret) // 4
        dump = "\n".join(session.connection().connection.iterdump())  # type: ignore[attr-defined]
        assert secret not in dump
    sessions.kw["bind"].dispose()


def _csrf(client: FlaskClient) -> str:
    client.get("/login")
    with client.session_transaction() as session:
        return str(session["csrf_token"])


def test_a_logged_in_session_writes_with_its_csrf_token(private_app: Flask, client: FlaskClient) -> None:
    add_user(private_app)
    client.post(
        "/login", data={"name": "alice", "password": "correct horse battery", "csrf_token": _csrf(client)}
    )
    refused = client.post("/api/v1/firms", json=NEW_FIRM)
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "csrf_failed"
    with client.session_transaction() as session:
        token = session["csrf_token"]
    wrong = client.post("/api/v1/firms", json=NEW_FIRM, headers={"X-CSRF-Token": token + "x"})
    assert wrong.status_code == 400
    created = client.post("/api/v1/firms", json=NEW_FIRM, headers={"X-CSRF-Token": token})
    assert created.status_code == 201


# --- firms ----------------------------------------------------------------------------------------


def test_a_firm_is_created_with_canonical_locales_and_apps(
    client: FlaskClient, writer: dict[str, str]
) -> None:
    response = client.post("/api/v1/firms", json=NEW_FIRM, headers=writer)
    assert response.status_code == 201
    firm = response.get_json()
    assert firm["slug"] == "nova-telecom"
    assert firm["locales"] == ["it-IT", "en-GB"]
    assert firm["apps"] == [{"store": "apple", "id": "284882215"}, {"store": "google", "id": "com.nova.app"}]
    assert response.headers["Location"].endswith("/api/v1/firms/nova-telecom")
    listed = client.get("/api/v1/firms?q=nova", headers=writer).get_json()["items"]
    assert [item["slug"] for item in listed] == ["nova-telecom"] and listed[0]["latest"] is None
    again = client.post("/api/v1/firms", json=NEW_FIRM, headers=writer)
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"entry_urls": ["https://a.example/"]}, "name"),
        ({"name": "X"}, "entry_urls"),
        ({"name": "X", "entry_urls": []}, "entry_urls"),
        ({"name": "X", "entry_urls": ["javascript:alert(1)"]}, "entry_urls.0"),
        ({"name": "X", "entry_urls": ["ftp://a.example/"]}, "entry_urls.0"),
        ({"name": "X", "entry_urls": ["https://a.example/"], "locales": ["xx-YY"]}, "locales.0"),
        ({"name": "X", "entry_urls": ["https://a.example/"], "apps": ["apple:abc"]}, "apps.0"),
        ({"name": "X", "entry_urls": ["https://a.example/"], "tags": {"sector": 5}}, "tags.sector"),
        ({"name": "X", "entry_urls": ["https://a.example/"], "owner": "me"}, "owner"),
        ({"name": " ", "entry_urls": ["https://a.example/"]}, "name"),
        ({"name": "X" * 201, "entry_urls": ["https://a.example/"]}, "name"),
    ],
)
def test_an_invalid_firm_is_422_naming_the_field(
    client: FlaskClient, writer: dict[str, str], body: dict[str, object], field: str
) -> None:
    response = client.post("/api/v1/firms", json=body, headers=writer)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert field in [detail["field"] for detail in error["details"]]


@pytest.mark.parametrize(
    ("data", "content_type"),
    [("not json", "application/json"), ("[1, 2]", "application/json"), ("name=x", "text/plain")],
)
def test_a_body_that_is_not_a_json_object_is_400(
    client: FlaskClient, writer: dict[str, str], data: str, content_type: str
) -> None:
    response = client.post("/api/v1/firms", data=data, content_type=content_type, headers=writer)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_json"


def test_a_firm_is_edited_field_by_field_and_keeps_its_slug(
    client: FlaskClient, writer: dict[str, str]
) -> None:
    response = client.patch(
        "/api/v1/firms/acme-bank",
        json={"name": "Acme Banca", "tags": {"sector": "bank", "country": "SM"}},
        headers=writer,
    )
    assert response.status_code == 200
    firm = client.get("/api/v1/firms/acme-bank", headers=writer).get_json()
    assert firm["name"] == "Acme Banca" and firm["tags"]["country"] == "SM"
    assert firm["entry_urls"] == ["https://www.acme-bank.test/"]  # not sent, not changed
    assert firm["latest"] is not None  # its history stays with it
    assert client.patch("/api/v1/firms/acme-bank", json={"locales": None}, headers=writer).status_code == 200
    assert client.get("/api/v1/firms/acme-bank", headers=writer).get_json()["locales"]


def test_editing_errors(client: FlaskClient, writer: dict[str, str]) -> None:
    assert client.patch("/api/v1/firms/nope", json={"tags": {}}, headers=writer).status_code == 404
    taken = client.patch("/api/v1/firms/acme-bank", json={"name": "Botly Telecom"}, headers=writer)
    assert taken.status_code == 409
    invalid = client.patch("/api/v1/firms/acme-bank", json={"entry_urls": ["nope"]}, headers=writer)
    assert invalid.status_code == 422


def test_scans_that_cannot_start(
    client: FlaskClient, writer: dict[str, str], writable_store: FilledStore
) -> None:
    sessions = open_store(writable_store.url)
    with sessions() as session:
        ensure_firm(session, "Bare Ltd")  # as an import of a report without a target leaves it
        session.commit()
    sessions.kw["bind"].dispose()
    bare = client.post("/api/v1/firms/bare-ltd/scans", headers=writer)
    assert bare.status_code == 422
    assert bare.get_json()["error"]["code"] == "not_scannable"
    unresolvable = client.post("/api/v1/firms/fjord-air/scans", headers=writer)  # www.fjord.test
    assert unresolvable.status_code == 422
    assert "does not resolve" in unresolvable.get_json()["error"]["message"]
    busy = client.post("/api/v1/firms/ghost-co/scans", headers=writer)  # a run still running
    assert busy.status_code == 409
    assert busy.get_json()["error"]["code"] == "run_in_progress"
    assert client.post("/api/v1/firms/nope/scans", headers=writer).status_code == 404


def test_a_firm_the_scheduler_queued_is_busy_too(
    client: FlaskClient, writer: dict[str, str], writable_store: FilledStore
) -> None:
    sessions = open_store(writable_store.url)
    with sessions() as session:
        firm = ensure_firm(session, "Acme Bank")
        queued = enqueue_run(session, firm.id, "acme.test", firm.created_at, due_at=None)
        session.commit()
    sessions.kw["bind"].dispose()
    busy = client.post("/api/v1/firms/acme-bank/scans", headers=writer)
    assert busy.status_code == 409
    error = busy.get_json()["error"]
    assert (error["code"], error["message"]) == (
        "run_in_progress",
        f"run {queued} of Acme Bank is queued or running: wait for it to finish",
    )


# --- runs and reports -------------------------------------------------------------------------------


def test_a_run_is_deleted_with_everything_it_holds(
    client: FlaskClient, writer: dict[str, str], writable_store: FilledStore
) -> None:
    run_id = writable_store.run_ids["acme-bank/1"]
    assert client.delete(f"/api/v1/runs/{run_id}", headers=writer).status_code == 204
    assert client.get(f"/api/v1/runs/{run_id}", headers=writer).status_code == 404
    assert client.delete(f"/api/v1/runs/{run_id}", headers=writer).status_code == 404
    assert client.get("/api/v1/firms/acme-bank/runs", headers=writer).get_json()["total"] == 2
    sessions = open_store(writable_store.url)
    with sessions() as session:
        assert session.scalars(select(Judgement).where(Judgement.run_id == run_id)).all() == []
        orphans = select(func.count(Finding.id)).where(Finding.judgement_id.not_in(select(Judgement.id)))
        assert session.scalar(orphans) == 0
    sessions.kw["bind"].dispose()


def test_a_running_run_cannot_be_deleted(client: FlaskClient, writer: dict[str, str]) -> None:
    running = client.get("/api/v1/firms/ghost-co/runs", headers=writer).get_json()["items"][0]
    response = client.delete(f"/api/v1/runs/{running['id']}", headers=writer)
    assert response.status_code == 409


def test_an_uploaded_report_becomes_the_firms_latest_run(
    client: FlaskClient, writer: dict[str, str], writable_store: FilledStore
) -> None:
    report = _stored_report(writable_store, "botly-telecom/2")
    report["started_at"] = report["finished_at"] = "2027-01-05T10:00:00+00:00"
    response = client.post("/api/v1/reports", json=report, headers=writer)
    assert response.status_code == 201
    run_id = response.get_json()["id"]
    latest = client.get("/api/v1/firms/botly-telecom", headers=writer).get_json()["latest"]
    assert latest["run_id"] == run_id


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        ({"schema": "someone.else/v9"}, "invalid_report"),
        ({"locales": "many"}, "invalid"),
        ({"tool": None}, "invalid"),
        ({"started_at": "yesterday"}, "invalid_report"),
    ],
)
def test_an_invalid_report_is_422(
    client: FlaskClient,
    writer: dict[str, str],
    writable_store: FilledStore,
    edit: dict[str, object],
    code: str,
) -> None:
    report = {**_stored_report(writable_store, "botly-telecom/2"), **edit}
    response = client.post("/api/v1/reports", json=report, headers=writer)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == code


def test_a_report_larger_than_the_limit_is_413(
    private_app: Flask, client: FlaskClient, writer: dict[str, str]
) -> None:
    private_app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post(
        "/api/v1/reports", data="x" * 2000, content_type="application/json", headers=writer
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["status"] == 413
