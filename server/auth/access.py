"""Who is asking, and whether they may: the principal of a request and the checks on it.

A request is made by a logged-in user (session cookie), by a bearer token, or by nobody. A user
holds every scope; a token holds the scopes it was made with; nobody holds ``read`` only when the
server runs in public-read mode. An ``Authorization`` header, when present, is the only thing
looked at: a bad token is refused, never quietly replaced by the session cookie.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import current_app, g, request, session

from server.auth.accounts import find_token, login_fingerprint
from server.auth.csrf import csrf_token
from server.auth.models import SCOPES, User
from server.config import PUBLIC_READ_ENV
from server.store_session import store_session

SESSION_USER = "user_id"
SESSION_FINGERPRINT = "login"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ViewT = TypeVar("ViewT", bound=Callable[..., object])
# Views of other owners that anyone may reach: stylesheets and scripts, and the load balancer's probe.
OPEN_ENDPOINTS = frozenset({"static", "health.healthz"})


@dataclass(frozen=True)
class Principal:
    """Who made the request; ``kind`` is ``user``, ``token`` or ``anonymous``."""

    kind: str
    name: str
    scopes: frozenset[str]
    id: int = 0  # the token's or user's row; names of tokens need not be unique

    @property
    def authenticated(self) -> bool:
        return self.kind != "anonymous"


ANONYMOUS = Principal("anonymous", "", frozenset())


class AuthError(Exception):
    """A request that lacks the right to do what it asks: 401 without credentials, 403 with."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def public_read() -> bool:
    return bool(current_app.config.get(PUBLIC_READ_ENV))


def _token_principal(header: str) -> Principal:
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise AuthError(401, "bad_authorization", "send 'Authorization: Bearer <token>'")
    token = find_token(store_session(), secret.strip())
    if token is None:
        raise AuthError(401, "bad_token", "this token is unknown or revoked")
    return Principal("token", token.name, frozenset(token.scopes), token.id)


def _session_principal() -> Principal:
    user_id = session.get(SESSION_USER)
    if not isinstance(user_id, int):
        return ANONYMOUS
    user = store_session().get(User, user_id)
    if user is None or session.get(SESSION_FINGERPRINT) != login_fingerprint(user):
        session.pop(SESSION_USER, None)  # deleted user or changed password: the login is over
        return ANONYMOUS
    return Principal("user", user.name, frozenset(SCOPES), user.id)


def current_principal() -> Principal:
    """The request's principal, worked out once per request."""
    if "principal" not in g:
        header = request.headers.get("Authorization")
        g.principal = _token_principal(header) if header is not None else _session_principal()
    principal: Principal = g.principal
    return principal


def log_in(user: User) -> None:
    """Starts a new session for ``user``; nothing from the anonymous session carries over."""
    session.clear()
    session.permanent = True
    session[SESSION_USER] = user.id
    session[SESSION_FINGERPRINT] = login_fingerprint(user)
    csrf_token()  # a new one: a token an attacker planted before the login is worth nothing after it


def log_out() -> None:
    session.clear()


def require(scope: str) -> Principal:
    """The principal, if it holds ``scope``; raises :class:`AuthError` (401 or 403) otherwise."""
    if scope == "read" and public_read() and "Authorization" not in request.headers:
        return ANONYMOUS
    principal = current_principal()
    if not principal.authenticated:
        raise AuthError(401, "login_required", f"{scope} access needs a login or an API token")
    if scope not in principal.scopes:
        held = ", ".join(sorted(principal.scopes))
        raise AuthError(403, "scope_missing", f"this {principal.kind} may not {scope} (it may: {held})")
    return principal


def require_any(scopes: tuple[str, ...]) -> Principal:
    """The principal, if it holds one of ``scopes`` (tried in order); else the last refusal."""
    refusal = AuthError(403, "scope_missing", "no scope given")
    for scope in scopes:
        try:
            return require(scope)
        except AuthError as error:
            refusal = error
    raise refusal


def needs(scope: str | tuple[str, ...] | None) -> Callable[[ViewT], ViewT]:
    """Declares the scope a view needs instead of the default (one of several, given a tuple);
    ``None`` makes it open to all.

    Without it a view needs ``read`` for GET and HEAD and ``write`` for anything else, so a new
    view can't be left unguarded by forgetting a decorator.
    """

    def declare(view: ViewT) -> ViewT:
        view.required_scope = scope  # type: ignore[attr-defined]
        return view

    return declare


def enforce_access() -> None:
    """Before every request: the scope the matched view needs, held by whoever is asking."""
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None or request.endpoint in OPEN_ENDPOINTS:
        return  # no route matched (a 404 or 405 follows and tells nothing), or an open one
    default = "read" if request.method in SAFE_METHODS else "write"
    scope = getattr(view, "required_scope", default)
    if isinstance(scope, tuple):
        require_any(scope)
    elif scope is not None:
        require(scope)
