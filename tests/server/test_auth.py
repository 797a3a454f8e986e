"""Logging in and out, sessions, CSRF on forms, public-read mode, and the user and token commands."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from server import create_app
from server.auth.models import ApiToken, User
from server.config import SettingsError
from server.store.db import open_store
from supportcheck.cli import main
from tests.server.conftest import FilledStore, add_user, server_config

PASSWORD = "correct horse battery"


@pytest.fixture
def client(private_app: Flask) -> FlaskClient:
    add_user(private_app, "alice", PASSWORD)
    return private_app.test_client()


def _form_token(client: FlaskClient, path: str = "/login") -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the form carries no CSRF token"
    return found.group(1)


def _log_in(client: FlaskClient, password: str = PASSWORD, next_page: str = "/") -> object:
    return client.post(
        "/login",
        data={"name": "alice", "password": password, "csrf_token": _form_token(client), "next": next_page},
    )


def test_private_mode_sends_readers_to_the_login_page_and_back(client: FlaskClient) -> None:
    response = client.get("/firms/acme-bank?tab=runs")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/firms/acme-bank?tab%3Druns"
    api = client.get("/api/v1/firms")
    assert api.status_code == 401 and api.get_json()["error"]["code"] == "login_required"
    logged_in = _log_in(client, next_page="/firms/acme-bank")
    assert logged_in.status_code == 302 and logged_in.headers["Location"] == "/firms/acme-bank"  # type: ignore[attr-defined]
    assert client.get("/firms/acme-bank").status_code == 200
    assert client.get("/api/v1/firms").status_code == 200


def test_open_endpoints_need_no_login(client: FlaskClient) -> None:
    assert client.get("/healthz").status_code == 200
    assert client.get("/login").status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_public_read_mode_lets_anyone_read_but_not_write(writable_store: FilledStore) -> None:
    client = create_app(server_config(writable_store)).test_client()
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/firms/acme-bank").status_code == 200
    assert client.patch("/api/v1/firms/acme-bank", json={"tags": {}}).status_code == 401


@pytest.mark.parametrize(
    ("value", "public"), [("1", True), ("yes", True), ("0", False), ("off", False), ("", False)]
)
def test_the_read_mode_is_read_from_its_setting(
    writable_store: FilledStore, value: str, public: bool
) -> None:
    client = create_app({**server_config(writable_store), "SUPPORTCHECK_PUBLIC_READ": value}).test_client()
    assert client.get("/api/v1/firms").status_code == (200 if public else 401)


def test_a_malformed_setting_is_a_clear_error(writable_store: FilledStore) -> None:
    with pytest.raises(SettingsError, match="SUPPORTCHECK_PUBLIC_READ='maybe'"):
        create_app({**server_config(writable_store), "SUPPORTCHECK_PUBLIC_READ": "maybe"})


def test_a_wrong_password_or_name_is_refused_the_same_way(client: FlaskClient) -> None:
    wrong_password = _log_in(client, password="not the password")
    assert wrong_password.status_code == 401  # type: ignore[attr-defined]
    assert "Wrong name or password" in wrong_password.get_data(as_text=True)  # type: ignore[attr-defined]
    unknown = client.post(
        "/login", data={"name": "mallory", "password": PASSWORD, "csrf_token": _form_token(client)}
    )
    assert unknown.status_code == 401
    assert client.get("/api/v1/firms").status_code == 401


def test_a_form_post_without_the_csrf_token_is_rejected(client: FlaskClient) -> None:
    client.get("/login")
    response = client.post("/login", data={"name": "alice", "password": PASSWORD})
    assert response.status_code == 400
    forged = client.post("/login", data={"name": "alice", "password": PASSWORD, "csrf_token": "guess"})
    assert forged.status_code == 400
    assert client.get("/api/v1/firms").status_code == 401  # not logged in


def test_logging_out_needs_the_token_and_ends_the_session(client: FlaskClient) -> None:
    _log_in(client)
    assert client.post("/logout").status_code == 400  # a cross-site form cannot log anyone out
    assert client.get("/api/v1/firms").status_code == 200
    response = client.post("/logout", data={"csrf_token": _form_token(client, "/login")})
    assert response.status_code == 302
    assert client.get("/api/v1/firms").status_code == 401


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"]
)
def test_login_never_redirects_off_the_site(client: FlaskClient, target: str) -> None:
    response = _log_in(client, next_page=target)
    assert response.headers["Location"] == "/"  # type: ignore[attr-defined]


def test_the_session_cookie_is_http_only_and_same_site(client: FlaskClient) -> None:
    response = _log_in(client)
    cookie = response.headers["Set-Cookie"]  # type: ignore[attr-defined]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_the_session_cookie_can_be_https_only(writable_store: FilledStore) -> None:
    app = create_app({**server_config(writable_store), "SUPPORTCHECK_SESSION_COOKIE_SECURE": "1"})
    add_user(app, "alice", PASSWORD)
    client = app.test_client()
    assert "Secure" in _log_in(client).headers["Set-Cookie"]  # type: ignore[attr-defined]


def test_passwords_are_stored_salted_and_hashed(private_app: Flask) -> None:
    add_user(private_app, "alice", PASSWORD)
    add_user(private_app, "bob", PASSWORD)
    sessions = open_store(private_app.config["SUPPORTCHECK_DATABASE_URL"])
    with sessions() as session:
        hashes = session.scalars(select(User.password_hash)).all()
    sessions.kw["bind"].dispose()
    assert len(hashes) == 2 and len(set(hashes)) == 2  # same password, different salts
    assert all(hash_.startswith("scrypt:") and PASSWORD not in hash_ for hash_ in hashes)


def test_a_new_password_ends_older_sessions(private_app: Flask, client: FlaskClient) -> None:
    from werkzeug.security import generate_password_hash

    _log_in(client)
    sessions = open_store(private_app.config["SUPPORTCHECK_DATABASE_URL"])
    with sessions() as session:
        user = session.scalars(select(User)).one()
        user.password_hash = generate_password_hash("another long password")
        session.commit()
    sessions.kw["bind"].dispose()
    assert client.get("/api/v1/firms").status_code == 401


def test_templates_know_who_is_logged_in(private_app: Flask, client: FlaskClient) -> None:
    from flask import render_template_string

    _log_in(client)
    with private_app.test_request_context("/"):
        assert render_template_string("{{ principal.name }}") == ""
    with client:
        client.get("/")
        assert render_template_string("{{ principal.name }}:{{ principal.kind }}") == "alice:user"


# --- the commands ---------------------------------------------------------------------------------


def test_the_commands_add_a_user_and_print_a_working_upload_token(
    private_app: Flask, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = private_app.config["SUPPORTCHECK_DATABASE_URL"]
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert main(["user", "add", "carol", "--password-stdin", "--db", database]) == 0
    assert main(["token", "create", "acme-ci", "--upload-only", "--db", database]) == 0
    printed = capsys.readouterr().out
    secret = re.search(r"^(sc_\S+)$", printed, re.MULTILINE)
    assert secret is not None
    headers = {"Authorization": f"Bearer {secret.group(1)}"}
    client = private_app.test_client()
    assert client.get("/api/v1/firms", headers=headers).status_code == 403  # upload only
    assert client.post("/api/v1/reports", json={}, headers=headers).status_code == 422  # allowed in
    sessions = open_store(database)
    with sessions() as session:
        assert session.scalars(select(ApiToken.scopes)).one() == ["upload"]
    sessions.kw["bind"].dispose()
    assert main(["token", "revoke", secret.group(1), "--db", database]) == 0
    assert client.post("/api/v1/reports", json={}, headers=headers).status_code == 401


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["user", "add", "dave", "--password-stdin"], "short\n", "at least 10 characters"),
        (["user", "add", "alice", "--password-stdin"], PASSWORD + "\n", "already a user called 'alice'"),
        (["token", "revoke", "sc_nothing"], "", "revoked 0 token(s)"),
    ],
)
def test_command_mistakes_are_one_line_and_exit_1(
    private_app: Flask,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    stdin: str,
    message: str,
) -> None:
    add_user(private_app, "alice", PASSWORD)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main([*argv, "--db", private_app.config["SUPPORTCHECK_DATABASE_URL"]]) == 1
    captured = capsys.readouterr()
    assert message in captured.err + captured.out
    assert "Traceback" not in captured.err
