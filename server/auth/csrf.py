"""CSRF protection: a per-session token that every state-changing request must carry.

HTML forms put it in a hidden ``csrf_token`` field (templates call ``csrf_token()``); scripts
using the session cookie send it as ``X-CSRF-Token``. Requests authenticated by a bearer token
are exempt: a browser never adds an ``Authorization`` header on its own, so another site cannot
forge one. Together with ``SameSite=Lax`` cookies this is defence in depth, not a single wall.
"""

from __future__ import annotations

import hmac
import secrets

from flask import request, session

SESSION_KEY = "csrf_token"
FORM_FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def csrf_token() -> str:
    """This session's CSRF token, made on first use."""
    token = session.get(SESSION_KEY)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[SESSION_KEY] = token
    return token


def csrf_failure() -> str | None:
    """Why the current request fails the CSRF check, or None when it passes or need not be checked."""
    if request.method in SAFE_METHODS or "Authorization" in request.headers:
        return None
    expected = session.get(SESSION_KEY)
    sent = request.headers.get(HEADER) or request.form.get(FORM_FIELD)
    if not isinstance(expected, str) or not sent:
        return "the CSRF token is missing: reload the form and send it again"
    if not hmac.compare_digest(expected.encode(), sent.encode()):
        return "the CSRF token does not match this session: reload the form and send it again"
    return None
