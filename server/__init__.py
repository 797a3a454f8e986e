"""The Flask dashboard and API (the full dashboard comes with its own issue); app factory here."""

from __future__ import annotations

from typing import Any

from flask import Flask

from checker import __version__


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Builds the app; ``config`` overrides settings (tests pass their own)."""
    app = Flask(__name__)
    app.config.update(config or {})
    from server.dashboard import dashboard_blueprint
    from server.health import health_blueprint

    app.register_blueprint(health_blueprint)
    app.register_blueprint(dashboard_blueprint)

    @app.after_request
    def security_headers(response):  # type: ignore[no-untyped-def]
        response.headers.setdefault("Content-Security-Policy", "default-src 'self'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    app.config.setdefault("SUPPORTCHECK_VERSION", __version__)
    return app


__all__ = ["create_app"]
