"""The SARIF writer: valid against the official SARIF 2.1.0 schema, rules from the rule metadata,
results that code scanning can place and that keep their identity from one scan to the next."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from jsonschema.validators import validator_for

from rules.model import Evidence, Finding, Impact, Outcome
from rules.registry import all_rules
from rules.report.model import BrowserEntry, LocaleReport, Report, Target, ToolInfo
from supportcheck.report.sarif import FINGERPRINT_KEY, SARIF_SCHEMA_URI, render_sarif, stable_page_url

SCHEMA_PATH = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
RULES_DOC = Path(__file__).parent.parent / "docs" / "rules.md"
HOME = "https://shop.example/"
CONTACT = "https://shop.example/contact?utm_source=mail&lang=it"


def _finding(rule: str, outcome: Outcome, impact: Impact, locale: str | None, **evidence: Any) -> Finding:
    return Finding(
        rule=rule,
        outcome=outcome,
        impact=impact,
        locale=locale,
        message=f"{rule} is {outcome.value} <script>alert(1)</script>",
        evidence=[Evidence(**evidence)] if evidence else [],
    )


def _report(started_at: str = "2026-11-20T10:00:00+00:00", screenshot: str = "shots/it-IT/003.jpg") -> Report:
    it = LocaleReport(
        locale="it-IT",
        status="complete",
        findings=[
            _finding("human.channel", Outcome.PASS, Impact.CRITICAL, "it-IT", url=HOME),
            _finding(
                "contact.depth",
                Outcome.FAIL,
                Impact.SERIOUS,
                "it-IT",
                url=CONTACT,
                selector="footer a.contatti",
                snippet="Contatti \x1b[31m",
                screenshot=screenshot,
            ),
            _finding("callback.offered", Outcome.FAIL, Impact.MINOR, "it-IT", url="javascript:alert(1)"),
            _finding("human.hours", Outcome.NEEDS_REVIEW, Impact.MODERATE, "it-IT", url=HOME),
            _finding("selfservice.present", Outcome.NOT_APPLICABLE, Impact.MODERATE, "it-IT"),
            _finding("human.bot-only", Outcome.ERROR, Impact.SERIOUS, "it-IT"),
        ],
    )
    de = LocaleReport(locale="de-DE", status="blocked", status_reason="HTTP 451")
    return Report(
        tool=ToolInfo(name="supportcheck", version="0.1.0"),
        browser=BrowserEntry(version="131.0"),
        target=Target(url=HOME, firm="Shop", entry_urls=[HOME]),
        started_at=started_at,
        finished_at="2026-11-20T10:05:00+00:00",
        locales=[it, de],
        findings=[
            _finding(
                "region.page-blocked", Outcome.FAIL, Impact.SERIOUS, "de-DE", url=HOME, snippet="HTTP 451"
            ),
            _finding("region.channel-parity", Outcome.NEEDS_REVIEW, Impact.MODERATE, "de-DE"),
        ],
    )


def _sarif(report: Report) -> dict[str, Any]:
    return json.loads(render_sarif(report))


def _results(report: Report) -> dict[tuple[str, str], dict[str, Any]]:
    results = _sarif(report)["runs"][0]["results"]
    return {(result["ruleId"], result["properties"]["locale"]): result for result in results}


def validate_sarif(log: dict[str, Any]) -> None:
    """Fails with every schema violation listed; shared with the command-line tests."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    errors = [
        f"{list(error.absolute_path)}: {error.message}" for error in validator_class(schema).iter_errors(log)
    ]
    assert not errors, errors


def test_the_vendored_schema_is_the_oasis_sarif_2_1_0_schema() -> None:
    data = SCHEMA_PATH.read_bytes()
    assert hashlib.sha256(data).hexdigest() == SCHEMA_SHA256, "the schema file changed; see NOTICE"
    schema = json.loads(data)
    assert schema["id"] == SARIF_SCHEMA_URI
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]


def test_sarif_validates_against_the_official_schema() -> None:
    log = _sarif(_report())
    assert log["$schema"] == SARIF_SCHEMA_URI and log["version"] == "2.1.0" and len(log["runs"]) == 1
    validate_sarif(log)


def test_an_invalid_log_is_caught_by_the_schema_check() -> None:
    log = _sarif(_report())
    log["runs"][0]["results"][0]["level"] = "critical"
    with pytest.raises(AssertionError, match="level"):
        validate_sarif(log)


def test_rules_come_from_the_rule_metadata_with_help_in_docs_rules_md() -> None:
    driver = _sarif(_report())["runs"][0]["tool"]["driver"]
    descriptors = {descriptor["id"]: descriptor for descriptor in driver["rules"]}
    docs = RULES_DOC.read_text(encoding="utf-8")
    levels = {
        Impact.CRITICAL: "error",
        Impact.SERIOUS: "error",
        Impact.MODERATE: "warning",
        Impact.MINOR: "note",
    }
    for rule in all_rules():
        meta = rule.meta
        descriptor = descriptors[meta.id]
        assert descriptor["shortDescription"]["text"] == meta.title
        assert descriptor["fullDescription"]["text"] == meta.description
        assert descriptor["help"]["text"] == meta.help
        assert descriptor["defaultConfiguration"]["level"] == levels[meta.impact]
        assert descriptor["properties"]["tags"] == list(meta.tags)
        help_uri = urlsplit(descriptor["helpUri"])
        assert help_uri.scheme == "https" and help_uri.path.endswith("/docs/rules.md")
        assert f'<a id="{help_uri.fragment}"></a>\n\n## `{meta.id}`' in docs, (
            "the anchor exists in docs/rules.md"
        )


def test_one_result_per_failing_or_needs_review_finding_cross_locale_included() -> None:
    results = _results(_report())
    assert sorted(results) == [
        ("callback.offered", "it-IT"),
        ("contact.depth", "it-IT"),
        ("human.hours", "it-IT"),
        ("region.channel-parity", "de-DE"),
        ("region.page-blocked", "de-DE"),
    ]
    assert {key: (r["kind"], r["level"]) for key, r in results.items()} == {
        ("callback.offered", "it-IT"): ("fail", "note"),
        ("contact.depth", "it-IT"): ("fail", "error"),
        ("region.page-blocked", "de-DE"): ("fail", "error"),
        # SARIF: any kind but "fail" has level "none"; code scanning shows it at the lowest severity.
        ("human.hours", "it-IT"): ("review", "none"),
        ("region.channel-parity", "de-DE"): ("review", "none"),
    }
    rules = _sarif(_report())["runs"][0]["tool"]["driver"]["rules"]
    for result in results.values():
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_a_result_is_located_at_its_page_with_selector_and_snippet() -> None:
    result = _results(_report())[("contact.depth", "it-IT")]
    location = result["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == CONTACT
    assert location["physicalLocation"]["region"]["snippet"]["text"] == "Contatti \x1b[31m"
    assert location["logicalLocations"] == [{"kind": "element", "fullyQualifiedName": "footer a.contatti"}]
    assert result["message"]["text"].startswith("[it-IT] contact.depth is fail")
    assert "Element: footer a.contatti" in result["message"]["text"]
    assert result["properties"] == {
        "outcome": "fail",
        "impact": "serious",
        "locale": "it-IT",
        "screenshot": "shots/it-IT/003.jpg",
    }


def test_only_http_pages_become_locations() -> None:
    result = _results(_report())[("callback.offered", "it-IT")]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == HOME
    parity = _results(_report())[("region.channel-parity", "de-DE")]  # no evidence at all: the site
    assert parity["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == HOME


def test_rules_that_could_not_run_and_unscanned_locales_are_notifications() -> None:
    invocation = _sarif(_report())["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    assert invocation["startTimeUtc"] == "2026-11-20T10:00:00Z"
    texts = [notification["message"]["text"] for notification in invocation["toolExecutionNotifications"]]
    assert texts[0] == "de-DE: blocked. HTTP 451"
    assert texts[1].startswith("[it-IT] human.bot-only could not run: human.bot-only is error")
    assert invocation["toolExecutionNotifications"][1]["associatedRule"]["id"] == "human.bot-only"


def _fingerprints(report: Report) -> dict[tuple[str, str], str]:
    return {key: result["partialFingerprints"][FINGERPRINT_KEY] for key, result in _results(report).items()}


def test_fingerprints_survive_a_new_time_screenshot_and_tracking_parameters() -> None:
    first = _fingerprints(_report())
    later = _report(started_at="2026-12-24T08:00:00+00:00", screenshot="shots/it-IT/017.jpg")
    later.locales[0].findings[1].evidence[0].url = "https://SHOP.example:443/contact?lang=it&utm_medium=x#top"
    later.locales[0].findings[1].message = "Contact is 5 clicks away"
    assert _fingerprints(later) == first
    assert len(set(first.values())) == len(first), "distinct findings, distinct fingerprints"


def test_fingerprints_change_with_what_identifies_a_finding() -> None:
    first = _fingerprints(_report())[("contact.depth", "it-IT")]
    moved = _report()
    moved.locales[0].findings[1].evidence[0].selector = "header a.contatti"
    assert _fingerprints(moved)[("contact.depth", "it-IT")] != first
    other_page = _report()
    other_page.locales[0].findings[1].evidence[0].url = "https://shop.example/contact?lang=de"
    assert _fingerprints(other_page)[("contact.depth", "it-IT")] != first


@pytest.mark.parametrize(
    ("url", "stable"),
    [
        ("HTTPS://Shop.Example:443/a?b=2&a=1#x", "https://shop.example/a?a=1&b=2"),
        ("http://shop.example:8080", "http://shop.example:8080/"),
        (
            "https://shop.example/c;jsessionid=ABC?utm_source=n&gclid=1&q=help",
            "https://shop.example/c?q=help",
        ),
    ],
)
def test_stable_page_url_drops_what_changes_between_visits(url: str, stable: str) -> None:
    assert stable_page_url(url) == stable
