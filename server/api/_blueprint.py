"""The API blueprint object, apart from ``__init__`` so that view modules can import it."""

from __future__ import annotations

from flask import Blueprint

API_PREFIX = "/api/v1"

api_blueprint = Blueprint("api", __name__, url_prefix=API_PREFIX)
