"""The JSON API under ``/api/v1/``: firms, runs, findings, diffs, rules, the queue and the changes
feed to read; firms, scans, schedules, alert channels, runs and uploaded reports to write.
Described in ``openapi.yaml`` (served as ``/api/v1/openapi.json``) and ``docs/api.md``.

Reading follows the server's read mode (public, or a login or token with ``read``); every write
needs a token with ``write`` (``upload`` for ``POST /reports``) or a logged-in session with its CSRF
token in ``X-CSRF-Token``. ``POST /judge`` and ``POST /evidence`` (the browser extension) need
``evidence`` (or ``read`` to judge), and are rate limited per token.
"""

from __future__ import annotations

from server.api import (  # noqa: F401 - imported for their routes
    activity,
    errors,
    evidence,
    firms,
    judge,
    meta,
    runs,
    schedules,
)
from server.api._blueprint import API_PREFIX, api_blueprint

__all__ = ["API_PREFIX", "api_blueprint"]
