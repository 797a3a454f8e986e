"""The dashboard: server-rendered pages over the store (overview, compare, firm, run diff, rules,
queue, changes, alert deliveries) and a firm's schedule and alert settings.

Pages read; the forms that write (settings, "run now", retrying an alert) need a logged-in user
with ``write`` and the session's CSRF token. Every string they show may have come from a hostile
page, so templates are autoescaped, scraped URLs become links only through ``http_href``, and the
pages' one script is a static file that the Content-Security-Policy allows.
"""

from __future__ import annotations

from server.dashboard import (  # noqa: F401 - imported for their routes
    activity,
    compare,
    diff,
    evidence,
    firm,
    overview,
    rules,
    screenshots,
    settings,
    templating,
)
from server.dashboard._blueprint import dashboard_blueprint

__all__ = ["dashboard_blueprint"]
