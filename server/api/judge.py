"""``POST /api/v1/judge``: the findings of one or a few pages a person's browser read, judged by
the same Python rules as a crawl; nothing is stored.

The extension's popup calls it to show outcome, impact, message and help for the open page. The
pages are judged as a ``partial`` locale: a handful of pages is not the site, so a rule that
would fail on something missing asks for review instead.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify
from flask.typing import ResponseReturnValue

from rules.catalog import RULESET_VERSION
from rules.docs import rule_doc_url
from rules.model import Finding, Outcome, RuleMeta
from rules.registry import all_rules
from rules.report.build import judge_locale_snapshots
from server.api._blueprint import api_blueprint
from server.api.browser_pages import browser_locale_snapshots, checked_pages, limited_json_body
from server.api.ratelimit import spend
from server.auth.access import needs, require_any
from server.config import JUDGE_PER_HOUR_ENV

MAX_JUDGE_BYTES = 4 * 1024 * 1024  # ten pages of a large site's snapshot fit several times over
JUDGE_SCOPES = ("evidence", "read")  # the extension's scope, or a reader's


def finding_view(finding: Finding, meta: RuleMeta) -> dict[str, Any]:
    """A finding as the popup shows it: the rule's title for its outcome, the message, the help."""
    return {
        "rule": finding.rule,
        "title": meta.failure_title if finding.outcome == Outcome.FAIL else meta.title,
        "outcome": finding.outcome.value,
        "impact": finding.impact.value,
        "message": finding.message,
        "help": meta.help,
        "help_url": rule_doc_url(finding.rule),
        "evidence": [
            item.model_dump(include={"url", "selector", "snippet"}) for item in finding.evidence[:5]
        ],
    }


@api_blueprint.post("/judge")
@needs(JUDGE_SCOPES)
def judge_pages() -> ResponseReturnValue:
    """Judges the pages sent (``{"locale", "pages": [{"url", "probe"}]}``) and returns the findings."""
    principal = require_any(JUDGE_SCOPES)
    spend("judge", principal, int(current_app.config[JUDGE_PER_HOUR_ENV]))
    body = checked_pages(limited_json_body(MAX_JUDGE_BYTES))
    locale_report = judge_locale_snapshots(browser_locale_snapshots(body, ""))
    rules = {rule.meta.id: rule.meta for rule in all_rules()}
    return jsonify(
        {
            "ruleset_version": RULESET_VERSION,
            "locale": locale_report.locale,
            "status_reason": locale_report.status_reason,
            "score": locale_report.score,
            "findings": [finding_view(finding, rules[finding.rule]) for finding in locale_report.findings],
            "channels": {
                kind: len(getattr(locale_report.channels, kind))
                for kind in ("phone", "email", "chat", "contact_form", "callback", "self_service", "hours")
            },
        }
    )
