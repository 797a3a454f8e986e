"""The request hooks of auth: :func:`init_app` guards every view of the app.

Every view is guarded: reading needs ``read`` unless the server is in
public-read mode, anything else needs ``write`` unless the view declares otherwise with
:func:`~server.auth.access.needs`; every form post from a session must carry its CSRF token.
Templates get ``csrf_token()`` and ``principal``.
"""

from __future__ import annotations

from flask import Flask, redirect, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import BadRequest, Forbidden, Unauthorized

from server.auth.access import AuthError, enforce_access
from server.auth.csrf import csrf_failure, csrf_token
from server.auth.views import auth_blueprint, principal_for_templates

HTML_ERRORS = {400: BadRequest, 401: Unauthorized, 403: Forbidden}


def _check_csrf() -> None:
    failure = csrf_failure()
    if failure is not None:
        raise AuthError(400, "csrf_failed", failure)


def _auth_error_page(error: AuthError) -> ResponseReturnValue:
    """A page that needs a login sends the visitor to the login form, then back."""
    if error.status == 401 and request.method == "GET":
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return HTML_ERRORS[error.status](error.message)


def init_app(app: Flask) -> None:
    """Installs the login pages, the access and CSRF checks, and the template helpers."""
    app.register_blueprint(auth_blueprint)
    app.before_request(enforce_access)
    app.before_request(_check_csrf)
    app.register_error_handler(AuthError, _auth_error_page)
    app.add_template_global(csrf_token)
    app.context_processor(principal_for_templates)
