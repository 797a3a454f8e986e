"""The report as SARIF 2.1.0, the format GitHub code scanning and other CI dashboards read.

One run; the tool's rules come from the rule metadata, and each failing or needs-review finding
becomes a result located at the page it is about. Choices made for code scanning:

- A page is not a file in the repository, so a result's location is the page's URL (code
  scanning accepts absolute URLs and shows them without a source view). Only http(s) URLs are
  used; anything else a page linked falls back to the scanned site's URL.
- Code scanning wants a line in every location: ``startLine`` 1 stands for "the page"; the
  element is the location's logical location (kind ``element``, its CSS selector) and the text
  the region's snippet. Both are repeated in the message, which is what the alert page shows.
- ``fail`` is kind ``fail`` with a level from the impact. ``needs_review`` is kind ``review``
  and, as SARIF requires for any kind but ``fail``, level ``none``: code scanning ignores
  ``kind``, so it sees these at the level below ``note``, never as errors, and the tool does
  not accuse where it could not see.
- ``partialFingerprints`` hash what identifies a finding across scans (rule, locale, page URL
  without fragment or tracking and session parameters, selector), never the time, a message
  with counts in it, or a screenshot path, so the same problem stays one alert run after run.
- Rules that could not run (outcome ``error``) are tool execution notifications, not results.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from checker import PROJECT_URL
from rules.docs import rule_doc_url
from rules.model import Finding, Impact, Outcome, RuleMeta
from rules.registry import all_rules
from rules.report.links import http_href
from rules.report.model import Report

__all__ = ["FINGERPRINT_KEY", "SARIF_SCHEMA_URI", "render_sarif", "stable_page_url"]

SARIF_SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "supportcheckFinding/v1"
"""Named and versioned: changing what the hash covers needs a new key, or every alert reopens."""

IMPACT_LEVELS: dict[Impact, str] = {
    Impact.CRITICAL: "error",
    Impact.SERIOUS: "error",
    Impact.MODERATE: "warning",
    Impact.MINOR: "note",
}
"""Critical and serious failures are errors, as ``--fail-on serious`` (the default) makes them."""

REPORTED_OUTCOMES = (Outcome.FAIL, Outcome.NEEDS_REVIEW)

# Query parameters that change from visit to visit or only track the visitor: left out of the
# fingerprint so that a session id in a URL does not make every scan a new alert.
_VOLATILE_PARAMETERS = frozenset(
    {"gclid", "fbclid", "msclkid", "dclid", "mc_cid", "mc_eid", "_ga", "_gl", "yclid", "igshid"}
    | {"sid", "sessionid", "session_id", "jsessionid", "phpsessid", "aspsessionid", "cfid", "cftoken"}
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters a URI may hold as they are; everything else (spaces, non-ASCII, quotes) is escaped.
_URI_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def _volatile(parameter: str) -> bool:
    name = parameter.lower()
    return name in _VOLATILE_PARAMETERS or name.startswith("utm_")


def stable_page_url(url: str) -> str:
    """``url`` without what differs between two visits of the same page.

    Lower-case scheme and host, no default port, no fragment, no ``;jsessionid=`` path
    parameter, no tracking or session query parameters, the others sorted.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port if parts.port not in (None, _DEFAULT_PORTS.get(scheme)) else None
    netloc = f"{host}:{port}" if port else host
    path = parts.path.split(";jsessionid=", 1)[0] or "/"
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _volatile(k))
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def _location_url(url: str, report: Report) -> str:
    """An http(s) URL as a valid URI reference; the scanned site's URL for anything else."""
    safe = http_href(url) or http_href(report.target.url) or ""
    return quote(safe, safe=_URI_SAFE)


def _fingerprint(finding: Finding, page_url: str, selector: str) -> str:
    identity = "\n".join((finding.rule, finding.locale or "", stable_page_url(page_url), selector))
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()


def _utc(timestamp: str) -> str | None:
    """A report time in SARIF's form (UTC, ``Z``); ``None`` when the report holds none."""
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _descriptor(meta: RuleMeta) -> dict[str, Any]:
    references = "\n".join(f"- {reference}" for reference in meta.references)
    markdown = f"{meta.description}\n\n**How to fix:** {meta.help}"
    if references:
        markdown += f"\n\n**References:**\n\n{references}"
    return {
        "id": meta.id,
        "shortDescription": {"text": meta.title},
        "fullDescription": {"text": meta.description},
        "help": {"text": meta.help, "markdown": markdown},
        "helpUri": rule_doc_url(meta.id),
        "defaultConfiguration": {"level": IMPACT_LEVELS[meta.impact]},
        "properties": {"tags": list(meta.tags), "impact": meta.impact.value, "scope": meta.scope},
    }


def _rule_descriptors(report: Report) -> list[dict[str, Any]]:
    """Every rule of the rule set, then any rule id the report names that the rule set lacks.

    A report judged by another rule set version can name such a rule; its results still need a
    descriptor to point at.
    """
    descriptors = [_descriptor(rule.meta) for rule in all_rules()]
    known = {descriptor["id"] for descriptor in descriptors}
    for finding in report.all_findings():
        if finding.rule not in known:
            known.add(finding.rule)
            descriptors.append({"id": finding.rule, "properties": {"impact": finding.impact.value}})
    return descriptors


def _message(finding: Finding, selector: str, snippet: str) -> str:
    text = finding.message
    if finding.locale and not text.startswith(f"{finding.locale}:"):
        text = f"[{finding.locale}] {text}"
    if selector:
        text += f"\nElement: {selector}"
    if snippet:
        text += f"\nText: {snippet}"
    return text


def _result(finding: Finding, rule_index: int, report: Report) -> dict[str, Any]:
    evidence = finding.evidence[0] if finding.evidence else None
    page_url = _location_url(evidence.url if evidence else report.target.url, report)
    selector = evidence.selector if evidence else ""
    snippet = evidence.snippet if evidence else ""
    region: dict[str, Any] = {"startLine": 1}
    if snippet:
        region["snippet"] = {"text": snippet}
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": page_url}, "region": region}}
    if selector:
        location["logicalLocations"] = [{"kind": "element", "fullyQualifiedName": selector}]
    failed = finding.outcome is Outcome.FAIL
    properties: dict[str, Any] = {"outcome": finding.outcome.value, "impact": finding.impact.value}
    if finding.locale:
        properties["locale"] = finding.locale
    if evidence and evidence.screenshot:
        properties["screenshot"] = evidence.screenshot
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "kind": "fail" if failed else "review",
        "level": IMPACT_LEVELS[finding.impact] if failed else "none",
        "message": {"text": _message(finding, selector, snippet)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(finding, page_url, selector)},
        "properties": properties,
    }
    related = [
        {"id": number, "physicalLocation": {"artifactLocation": {"uri": _location_url(item.url, report)}}}
        for number, item in enumerate(finding.evidence[1:], start=1)
    ]
    if related:
        result["relatedLocations"] = related
    return result


def _notifications(report: Report, rule_indexes: dict[str, int]) -> list[dict[str, Any]]:
    """What kept the tool from judging: locales not fully scanned, rules that could not run."""
    notifications: list[dict[str, Any]] = [
        {
            "level": "warning",
            "message": {"text": f"{locale.locale}: {locale.status}. {locale.status_reason}".strip()},
        }
        for locale in report.locales
        if locale.status != "complete"
    ]
    notifications += [
        {
            "level": "warning",
            "message": {
                "text": f"[{finding.locale or 'all'}] {finding.rule} could not run: {finding.message}"
            },
            "associatedRule": {"id": finding.rule, "index": rule_indexes[finding.rule]},
        }
        for finding in report.all_findings()
        if finding.outcome is Outcome.ERROR
    ]
    return notifications


def _invocation(report: Report, rule_indexes: dict[str, int]) -> dict[str, Any]:
    scanned = not report.locales or any(locale.status != "error" for locale in report.locales)
    invocation: dict[str, Any] = {"executionSuccessful": scanned}
    for key, timestamp in (("startTimeUtc", report.started_at), ("endTimeUtc", report.finished_at)):
        moment = _utc(timestamp)
        if moment:
            invocation[key] = moment
    notifications = _notifications(report, rule_indexes)
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation


def render_sarif(report: Report) -> str:
    """The report as a SARIF 2.1.0 log with one run.

    Args:
        report: the scan's report; cross-locale findings (``report.findings``) are included.

    Returns:
        The SARIF JSON text.
    """
    rules = _rule_descriptors(report)
    rule_indexes = {descriptor["id"]: index for index, descriptor in enumerate(rules)}
    results = [
        _result(finding, rule_indexes[finding.rule], report)
        for finding in report.all_findings()
        if finding.outcome in REPORTED_OUTCOMES
    ]
    subject = report.target.firm or urlsplit(report.target.url).hostname or "site"
    run = {
        "tool": {
            "driver": {
                "name": report.tool.name,
                "version": report.tool.version,
                "semanticVersion": report.tool.version,
                "informationUri": PROJECT_URL,
                "rules": rules,
            }
        },
        # Code scanning keeps one set of alerts per category: a category per firm lets one
        # repository upload several firms' scans without each closing the others' alerts.
        "automationDetails": {"id": f"supportcheck/{quote(subject, safe='')}/"},
        "invocations": [_invocation(report, rule_indexes)],
        "results": results,
        "properties": {
            "target": report.target.url,
            "firm": report.target.firm,
            "score": report.score,
            "ruleset_version": report.ruleset_version,
            "locales": [
                {"locale": locale.locale, "status": locale.status, "score": locale.score}
                for locale in report.locales
            ],
        },
    }
    log = {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
