"""The Flask app: dashboard pages, the JSON API, login, and the scan queue; app factory here."""

from __future__ import annotations

from typing import Any

from flask import Flask

from checker import __version__


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Builds the app from :class:`server.config.Settings`; ``config`` overrides settings and Flask
    options by name (tests pass their own database, data directory and read mode)."""
    from server.api import api_blueprint
    from server.auth.hooks import init_app as init_auth
    from server.config import Settings
    from server.dashboard import dashboard_blueprint
    from server.health import health_blueprint
    from server.scans.queue import ScanQueue
    from server.store_session import close_store_session

    settings = Settings.load(config)
    app = Flask(__name__)
    app.config.update(config or {})
    app.config.update(settings.flask_config())  # the settings' parsed values: "0" must not read as true
    app.extensions["supportcheck.scans"] = ScanQueue(settings.database_url, settings.data_dir)
    app.teardown_appcontext(close_store_session)  # the API and the login read the store too

    app.register_blueprint(health_blueprint)
    app.register_blueprint(api_blueprint)  # first: its JSON answer to unknown API paths comes before auth
    init_auth(app)
    app.register_blueprint(dashboard_blueprint)

    @app.after_request
    def security_headers(response):  # type: ignore[no-untyped-def]
        response.headers.setdefault("Content-Security-Policy", "default-src 'self'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    app.config.setdefault("SUPPORTCHECK_VERSION", __version__)
    return app


__all__ = ["create_app"]
