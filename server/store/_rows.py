"""Turns a report into rows: the pages of its run, and everything a judgement holds.

Scans and imported reports go through the same code, so the dashboard reads both the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from checker.channels import Channels
from rules.model import Finding as RuleFinding
from rules.report.model import LocaleReport, Report
from server.store._blobs import pack_json
from server.store.models import (
    AppAvailability,
    Channel,
    Finding,
    Judgement,
    LocaleResult,
    Page,
    Run,
    Screenshot,
)

# channel kind: (its list on Channels, the field that identifies it, the field a person reads)
LISTED_KINDS: dict[str, tuple[str, str, str]] = {
    "phone": ("phone", "number", "display"),
    "email": ("email", "address", "address"),
    "chat": ("chat", "vendor", "vendor"),
    "contact_form": ("contact_form", "url", "url"),
    "callback": ("callback", "text", "text"),
    "self_service": ("self_service", "text", "text"),
    "hours": ("hours", "text", "text"),
    "wait_time": ("wait_times", "text", "text"),
}
EVIDENCE_PLACE = ("url", "selector", "snippet")


def add_pages(session: Session, run: Run, report: Report, screenshots: Mapping[str, Screenshot]) -> None:
    """The pages each locale visited; ``screenshots`` maps a scan-folder path to its stored file."""
    session.add_all(
        Page(
            run_id=run.id,
            locale=locale.locale,
            url=page.url,
            final_url=page.final_url,
            http_status=page.http_status,
            depth=page.depth,
            title=page.title,
            error=page.error,
            error_kind=page.error_kind,
            screenshot_id=_screenshot_id(screenshots, page.screenshot),
        )
        for locale in report.locales
        for page in locale.pages
    )


def _screenshot_id(screenshots: Mapping[str, Screenshot], source_path: str | None) -> int | None:
    stored = screenshots.get(source_path) if source_path else None
    return stored.id if stored else None


def add_judgement(
    session: Session, run: Run, report: Report, report_json: str, screenshot_paths: Mapping[str, str]
) -> Judgement:
    """A judgement of ``run`` with its locale results, findings, channels and apps.

    Args:
        report_json: the report as it should be kept (an imported file verbatim, so that fields
            this version does not know survive).
        screenshot_paths: scan-folder path -> data-directory path, to point evidence at stored files.
    """
    judgement = Judgement(
        run_id=run.id,
        ruleset_version=report.ruleset_version,
        score=report.score,
        report_zlib=pack_json(report_json).compressed,
    )
    session.add(judgement)
    session.flush()
    session.add_all(_finding_row(judgement, finding, None, screenshot_paths) for finding in report.findings)
    for locale in report.locales:
        session.add(_locale_row(judgement, locale))
        session.add_all(
            _finding_row(judgement, finding, locale.locale, screenshot_paths) for finding in locale.findings
        )
        session.add_all(_channel_rows(judgement, locale.locale, locale.channels))
        session.add_all(
            AppAvailability(
                judgement_id=judgement.id,
                locale=locale.locale,
                store=app.store,
                app_id=app.id,
                available=app.available,
                storefront_url=app.url,
            )
            for app in locale.apps
        )
    return judgement


def _locale_row(judgement: Judgement, locale: LocaleReport) -> LocaleResult:
    return LocaleResult(
        judgement_id=judgement.id,
        locale=locale.locale,
        status=locale.status,
        status_reason=locale.status_reason,
        score=locale.score,
        vantage=locale.vantage,
        robots_ignored=locale.robots_ignored,
    )


def _finding_row(
    judgement: Judgement, finding: RuleFinding, locale: str | None, screenshot_paths: Mapping[str, str]
) -> Finding:
    evidence: list[dict[str, Any]] = []
    for item in finding.evidence:
        entry = item.model_dump(mode="json")
        # Evidence must open from the store: a picture that was not stored is not pointed at.
        entry["screenshot"] = screenshot_paths.get(item.screenshot) if item.screenshot else None
        evidence.append(entry)
    return Finding(
        judgement_id=judgement.id,
        locale=finding.locale if finding.locale is not None else locale,
        rule=finding.rule,
        outcome=finding.outcome.value,
        impact=finding.impact.value,
        message=finding.message,
        evidence=evidence,
        details=finding.model_dump(mode="json")["details"],
    )


def _channel_rows(judgement: Judgement, locale: str, channels: Channels) -> list[Channel]:
    """One row per channel of one locale, plus the contact page found as a channel of its own."""
    rows: list[Channel] = []
    for kind, (list_name, value_field, label_field) in LISTED_KINDS.items():
        for channel in getattr(channels, list_name):
            fields = channel.model_dump(mode="json")
            rows.append(
                Channel(
                    judgement_id=judgement.id,
                    locale=locale,
                    kind=kind,
                    value=str(fields[value_field]),
                    label=str(fields[label_field]),
                    url=channel.url,
                    selector=channel.selector,
                    snippet=channel.snippet,
                    details={key: value for key, value in fields.items() if key not in EVIDENCE_PLACE},
                )
            )
    if channels.contact_page is not None:
        page = channels.contact_page
        rows.append(
            Channel(
                judgement_id=judgement.id,
                locale=locale,
                kind="contact_page",
                value=page.url,
                label=page.url,
                url=page.url,
                details={"depth": page.depth},
            )
        )
    return rows
