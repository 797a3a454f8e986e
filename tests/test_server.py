"""The app factory builds an app whose health page answers with security headers."""

from __future__ import annotations

from server import create_app


def test_health_page_reports_version_and_sets_csp() -> None:
    client = create_app({"TESTING": True}).test_client()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"
    assert response.get_json()["version"]
    assert "default-src" in response.headers["Content-Security-Policy"]


def test_unknown_page_is_404() -> None:
    assert create_app({"TESTING": True}).test_client().get("/nope").status_code == 404
