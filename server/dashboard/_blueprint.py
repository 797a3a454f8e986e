"""The dashboard blueprint object, apart from ``__init__`` so that view modules can import it."""

from __future__ import annotations

from flask import Blueprint

from server.dashboard._session import close_store_session

dashboard_blueprint = Blueprint("dashboard", __name__)
dashboard_blueprint.teardown_app_request(close_store_session)
