"""``POST /api/v1/judge``: the findings of one or a few pages a person's browser read, judged by
the same Python rules as a crawl; nothing is stored.

The extension's popup calls it to show outcome, impact, message and help for the open page. The
pages are judged as a ``partial`` locale: a handful of pages is not the site, so a rule that
would fail on something missing asks for review instead.

An app's page on the App Store or Google Play is not the firm's site: it is read for what it says
of the app in the person's storefront (``checker.appstores.store_page``) and answered in
``store_pages``, and the rules judge only the firm's own pages.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify
from flask.typing import ResponseReturnValue

from checker.appstores.store_page import StorePage, split_store_pages
from checker.locales import country_of
from rules.catalog import RULESET_VERSION
from rules.docs import rule_doc_url
from rules.model import Finding, Outcome, RuleMeta
from rules.registry import all_rules
from rules.report.build import judge_locale_snapshots
from server.api._blueprint import api_blueprint
from server.api.browser_pages import browser_locale_snapshots, checked_pages, limited_json_body, locale_tag
from server.api.ratelimit import spend
from server.auth.access import needs, require_any
from server.config import JUDGE_PER_HOUR_ENV
from server.evidence.pages import person_pages

CHANNEL_KINDS = ("phone", "email", "chat", "contact_form", "callback", "self_service", "hours")
ONLY_STORE_PAGES = (
    "only app store pages were sent: they say whether the app is sold here, not how the firm helps"
)
UNREAD_STORE_PAGE = (
    "this store page does not tell whether the app is sold here: not one app's own page, a sign-in or "
    "error page, or a language whose 'not available' notice is not known to supportcheck"
)
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
    """Judges the pages sent (``{"locale", "pages": [{"url", "probe"}]}``) and returns the findings,
    with what any app store page among them says of its app (``store_pages``)."""
    principal = require_any(JUDGE_SCOPES)
    spend("judge", principal, int(current_app.config[JUDGE_PER_HOUR_ENV]))
    body = checked_pages(limited_json_body(MAX_JUDGE_BYTES))
    locale = locale_tag(body)
    own, store_pages = split_store_pages(person_pages(body["pages"], locale, ""), country_of(locale))
    judged: dict[str, Any] = {
        "ruleset_version": RULESET_VERSION,
        "locale": locale,
        "status_reason": ONLY_STORE_PAGES,
        "score": None,
        "findings": [],
        "channels": dict.fromkeys(CHANNEL_KINDS, 0),
    }
    if own:
        locale_report = judge_locale_snapshots(browser_locale_snapshots(locale, own))
        rules = {rule.meta.id: rule.meta for rule in all_rules()}
        judged |= {
            "status_reason": _reason(locale_report.status_reason, len(store_pages)),
            "score": locale_report.score,
            "findings": [finding_view(finding, rules[finding.rule]) for finding in locale_report.findings],
            "channels": {kind: len(getattr(locale_report.channels, kind)) for kind in CHANNEL_KINDS},
        }
    judged["store_pages"] = [store_page_view(store) for store in store_pages]
    return jsonify(judged)


def _reason(status_reason: str, store_pages: int) -> str:
    if not store_pages:
        return status_reason
    return f"{status_reason}; {store_pages} app store page(s) read apart, as what they say of the app"


def store_page_view(store: StorePage) -> dict[str, Any]:
    """What a store page told of its app in the person's storefront, or that it told nothing."""
    answer = store.answer
    if answer is None:
        return {"url": store.page.url, "available": None, "reason": UNREAD_STORE_PAGE}
    return {
        "url": store.page.url,
        "store": answer.store,
        "id": answer.id,
        "country": answer.country,
        "title": answer.title,
        "available": answer.available,
        "reason": answer.reason,
    }
