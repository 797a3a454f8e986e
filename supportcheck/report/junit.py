"""The report as JUnit XML, so CI systems (GitLab, Jenkins, GitHub annotations) list each finding.

One testsuite per locale and one for the cross-locale findings; one testcase per finding. The
mapping follows what CI tools show: ``fail`` is a failure typed by impact, ``error`` an error,
``needs_review`` and ``not_applicable`` are skipped (nothing a pipeline should go red for), and
``pass`` is a plain passing testcase.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from rules.model import Evidence, Finding, Outcome
from rules.report.model import Report

__all__ = ["CROSS_LOCALE_SUITE", "render_junit"]

CROSS_LOCALE_SUITE = "cross-locale"

# ElementTree escapes markup but writes characters XML 1.0 forbids, which break every parser;
# page text can hold any of them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _evidence_text(evidence: list[Evidence]) -> str:
    """Evidence as the plain text a CI log shows under the failure."""
    blocks = []
    for item in evidence:
        lines = [item.url]
        if item.selector:
            lines.append(f"selector: {item.selector}")
        if item.snippet:
            lines.append(f"snippet: {item.snippet}")
        if item.screenshot:
            lines.append(f"screenshot: {item.screenshot}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _testcase(suite: ElementTree.Element, suite_name: str, finding: Finding) -> None:
    testcase = ElementTree.SubElement(
        suite,
        "testcase",
        name=_xml_text(f"{finding.rule} [{finding.locale or suite_name}]"),
        classname=_xml_text(f"supportcheck.{suite_name}"),
    )
    message = _xml_text(finding.message)
    if finding.outcome in (Outcome.FAIL, Outcome.ERROR):
        tag = "failure" if finding.outcome is Outcome.FAIL else "error"
        problem = ElementTree.SubElement(testcase, tag, message=message, type=finding.impact.value)
        problem.text = _xml_text(_evidence_text(finding.evidence))
    elif finding.outcome in (Outcome.NEEDS_REVIEW, Outcome.NOT_APPLICABLE):
        ElementTree.SubElement(
            testcase, "skipped", message=_xml_text(f"{finding.outcome.value}: {finding.message}")
        )


def _suite(
    parent: ElementTree.Element,
    name: str,
    findings: list[Finding],
    properties: dict[str, str],
    timestamp: str,
) -> None:
    counts = {outcome: sum(1 for finding in findings if finding.outcome is outcome) for outcome in Outcome}
    suite = ElementTree.SubElement(
        parent,
        "testsuite",
        name=_xml_text(name),
        tests=str(len(findings)),
        failures=str(counts[Outcome.FAIL]),
        errors=str(counts[Outcome.ERROR]),
        skipped=str(counts[Outcome.NEEDS_REVIEW] + counts[Outcome.NOT_APPLICABLE]),
        timestamp=_xml_text(timestamp),
    )
    if properties:
        properties_element = ElementTree.SubElement(suite, "properties")
        for key, value in properties.items():
            ElementTree.SubElement(
                properties_element, "property", name=_xml_text(key), value=_xml_text(value)
            )
    for finding in findings:
        _testcase(suite, name, finding)


def render_junit(report: Report) -> str:
    """The report as a JUnit XML document.

    A blocked or errored locale keeps its suite (with its status in the suite's properties), so
    a CI page shows that the locale was attempted even when no rule could judge it.

    Args:
        report: the scan's report.

    Returns:
        The XML text with its declaration, UTF-8.
    """
    all_findings = report.all_findings()
    root = ElementTree.Element(
        "testsuites",
        name=_xml_text(f"supportcheck {report.target.firm or report.target.url}"),
        tests=str(len(all_findings)),
        failures=str(sum(1 for finding in all_findings if finding.outcome is Outcome.FAIL)),
        errors=str(sum(1 for finding in all_findings if finding.outcome is Outcome.ERROR)),
    )
    for locale_report in report.locales:
        properties = {"status": locale_report.status, "score": str(locale_report.score)}
        if locale_report.status_reason:
            properties["status_reason"] = locale_report.status_reason
        _suite(root, locale_report.locale, locale_report.findings, properties, report.started_at)
    _suite(root, CROSS_LOCALE_SUITE, report.findings, {}, report.started_at)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
