"""What templates may call: link sanitising, outcome marks, screenshot and pagination URLs.

Scraped values reach templates as plain strings and are autoescaped there; the only place a
scraped value becomes an ``href`` is :func:`rules.report.links.http_href`, shared with the HTML
report, which refuses everything but http(s) URLs with a host.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from flask import request, url_for

from rules.report.links import http_href
from server.dashboard._blueprint import dashboard_blueprint
from server.dashboard.marks import mark, rule_metadata

# Stored screenshots are named by their hash: screenshots/ab/<sha256>.<ext> (server.store._blobs).
_STORED_SCREENSHOT = re.compile(r"(?:^|/)([0-9a-f]{64})\.(?:png|jpe?g|webp)$")


def screenshot_digest(stored_path: str | None) -> str | None:
    """The SHA-256 a stored screenshot path names, or None for anything else."""
    found = _STORED_SCREENSHOT.search(stored_path or "")
    return found.group(1) if found else None


def screenshot_url(stored_path: str | None) -> str | None:
    """Where the dashboard serves a stored screenshot, or None when the path names none."""
    digest = screenshot_digest(stored_path)
    return url_for("dashboard.screenshot", digest=digest) if digest else None


def page_url(number: int) -> str:
    """This page's URL with every filter kept and ``page`` set to ``number``."""
    arguments: dict[str, Any] = request.args.to_dict(flat=False)
    arguments["page"] = number
    return url_for(str(request.endpoint), **(request.view_args or {}), **arguments)


def iso(moment: datetime | None) -> str:
    """A timestamp as ISO 8601 in UTC, seconds precision: the machine-readable date of a ``<time>``."""
    return moment.isoformat(timespec="seconds") if moment else ""


def rule_title(rule_id: str, outcome: str | None = None) -> str:
    """The rule's failure title for a failure, its title otherwise; the id for a rule this version lacks."""
    meta = rule_metadata().get(rule_id)
    if meta is None:
        return rule_id
    return meta.failure_title if outcome == "fail" else meta.title


dashboard_blueprint.add_app_template_filter(http_href, "http_href")
dashboard_blueprint.add_app_template_filter(iso, "iso")
for helper in (mark, page_url, rule_title, screenshot_url):
    dashboard_blueprint.add_app_template_global(helper)
