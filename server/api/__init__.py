"""The JSON API under ``/api/v1/``: firms, runs, findings, diffs, rules, the queue and the changes
feed to read; firms, scans, schedules, alert channels, runs and uploaded reports to write.
Described in ``openapi.yaml`` (served as ``/api/v1/openapi.json``) and ``docs/api.md``.

Reading follows the server's read mode (public, or a login or token with ``read``); every write
needs a token with ``write`` (``upload`` for ``POST /reports``) or a logged-in session with its CSRF
token in ``X-CSRF-Token``.
"""

from __future__ import annotations

from server.api import activity, errors, firms, meta, runs, schedules  # noqa: F401 - imported for their routes
from server.api._blueprint import API_PREFIX, api_blueprint

__all__ = ["API_PREFIX", "api_blueprint"]
