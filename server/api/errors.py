"""Every API failure as JSON, ``{"error": {"status", "code", "message", "details"?}}``, with its status.

Bad input is the caller's mistake and gets a 4xx naming what to fix; a 500 means a bug here.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request
from flask.typing import ResponseReturnValue
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import RequestRedirect

from server.api._blueprint import API_PREFIX, api_blueprint
from server.auth.access import AuthError
from server.store.errors import NotFound


class ApiError(Exception):
    """A request the API refuses: ``status`` and a stable ``code`` for programs, ``message`` for people."""

    def __init__(
        self, status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details
        self.headers = headers or {}


def error_response(status: int, code: str, message: str, details: Any = None) -> Response:
    body: dict[str, Any] = {"status": status, "code": code, "message": message}
    if details is not None:
        body["details"] = details
    response = jsonify(error=body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="supportcheck"'
    return response


def invalid_body(error: ValidationError) -> ApiError:
    """A 422 listing each field that failed and why, as pydantic located it."""
    details = [
        {"field": ".".join(str(part) for part in item["loc"]), "message": item["msg"]}
        for item in error.errors(include_url=False, include_input=False)
    ]
    return ApiError(422, "invalid", "the request body is not valid: see details", details)


@api_blueprint.errorhandler(ApiError)
def _api_error(error: ApiError) -> ResponseReturnValue:
    response = error_response(error.status, error.code, error.message, error.details)
    response.headers.update(error.headers)
    return response


@api_blueprint.errorhandler(AuthError)
def _auth_error(error: AuthError) -> ResponseReturnValue:
    return error_response(error.status, error.code, error.message)


@api_blueprint.errorhandler(NotFound)
def _not_found(error: NotFound) -> ResponseReturnValue:
    return error_response(404, "not_found", str(error))


def _http_error(error: HTTPException) -> Response:
    code = (error.name or "error").lower().replace(" ", "_")
    return error_response(error.code or 500, code, error.description or error.name)


@api_blueprint.errorhandler(HTTPException)
def _api_http_error(error: HTTPException) -> ResponseReturnValue:
    return _http_error(error)


@api_blueprint.before_app_request
def _routing_error_in_json() -> ResponseReturnValue | None:
    """An unknown path or a wrong method under the API gets a JSON answer, not the HTML error page.

    No view matched, so no blueprint error handler would run; this answers before the app's own.
    """
    error = request.routing_exception
    if error is None or not (request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")):
        return None
    if isinstance(error, RequestRedirect) or not isinstance(error, HTTPException):
        return None  # a redirect to the canonical URL (trailing slash): let Flask send it
    response = _http_error(error)
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
    return response
