"""``/api/v1/rules`` and the API's own description, ``/api/v1/openapi.json`` (and ``.yaml``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from flask import Response, jsonify
from flask.typing import ResponseReturnValue

from rules.catalog import RULESET_VERSION
from rules.registry import all_rules
from server.api._blueprint import api_blueprint
from server.api.serialize import rule_json
from server.auth.access import needs

OPENAPI_FILE = Path(__file__).with_name("openapi.yaml")


@cache
def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 description, parsed once."""
    document: dict[str, Any] = yaml.safe_load(OPENAPI_FILE.read_text(encoding="utf-8"))
    return document


@api_blueprint.get("/rules")
def list_rules() -> ResponseReturnValue:
    """Every rule of this version's rule set with its metadata."""
    return jsonify(ruleset_version=RULESET_VERSION, items=[rule_json(rule.meta) for rule in all_rules()])


@api_blueprint.get("/openapi.json")
@needs(None)
def openapi_json() -> ResponseReturnValue:
    return jsonify(openapi_document())


@api_blueprint.get("/openapi.yaml")
@needs(None)
def openapi_yaml() -> ResponseReturnValue:
    return Response(OPENAPI_FILE.read_text(encoding="utf-8"), mimetype="application/yaml")
