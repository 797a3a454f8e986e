"""Health endpoint for load balancers and the test suite: is the app up, and which version."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

health_blueprint = Blueprint("health", __name__)


@health_blueprint.get("/healthz")
def healthz() -> ResponseReturnValue:
    return jsonify(status="ok", version=current_app.config["SUPPORTCHECK_VERSION"])
