"""The dashboard: server-rendered pages over the store (overview, compare, firm, run diff, rules).

Pages only read. Every string they show may have come from a hostile page, so templates are
autoescaped, scraped URLs become links only through ``http_href``, and the pages' one script is a
static file that the Content-Security-Policy allows.
"""

from __future__ import annotations

from server.dashboard import compare, diff, firm, overview, rules, screenshots, templating  # noqa: F401 - routes
from server.dashboard._blueprint import dashboard_blueprint

__all__ = ["dashboard_blueprint"]
