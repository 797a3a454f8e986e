"""The login and logout pages: a form with the session's CSRF token, and a POST to leave."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request
from flask.typing import ResponseReturnValue

from server.auth.access import current_principal, log_in, log_out, needs
from server.auth.accounts import authenticate
from server.store_session import store_session

auth_blueprint = Blueprint("auth", __name__)
MAX_FIELD = 200


def _safe_next(target: str | None) -> str:
    """Where to go after logging in: a path on this site only, never another host (open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


@auth_blueprint.route("/login", methods=["GET", "POST"])
@needs(None)
def login() -> ResponseReturnValue:
    """GET shows the form; POST logs in and goes on to ``next``, or shows the form again with 401."""
    next_page = _safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("auth/login.html", next_page=next_page, failed=False)
    name = request.form.get("name", "")[:MAX_FIELD]
    password = request.form.get("password", "")[:MAX_FIELD]
    user = authenticate(store_session(), name, password)
    if user is None:
        return render_template("auth/login.html", next_page=next_page, failed=True, name=name), 401
    log_in(user)
    return redirect(next_page)


@auth_blueprint.post("/logout")
@needs(None)
def logout() -> ResponseReturnValue:
    """Ends the session (a POST with the CSRF token, so another site cannot log a user out)."""
    log_out()
    return redirect("/login")


def principal_for_templates() -> dict[str, object]:
    """``principal`` in every template, e.g. to show who is logged in and a logout button."""
    return {"principal": current_principal()}
