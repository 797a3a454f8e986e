"""Judges a scan's snapshots and assembles the report: the one place gathering meets rules."""

from __future__ import annotations

from checker.appstores.endpoints import storefront_url
from checker.appstores.model import StoreAnswer
from checker.locales import language_of
from checker.scan import ScanResult
from checker.snapshot import LocaleSnapshots
from checker.timings import phase
from rules.catalog import RULESET_VERSION
from rules.context import FirmApp, LocaleContext, build_scan_context
from rules.engine import judge_locale, judge_scan, score
from rules.region_apps import app_state
from rules.report.model import (
    AccessibilityPage,
    AppEntry,
    BrowserEntry,
    LocaleReport,
    PageEntry,
    PersonStoreView,
    Report,
    Target,
    ToolInfo,
)


def _page_entries(locale_snapshots: LocaleSnapshots) -> list[PageEntry]:
    return [
        PageEntry(
            url=page.requested_url,
            final_url=page.url,
            http_status=page.http_status,
            depth=page.depth,
            title=page.probe.title if page.probe else "",
            error=page.error,
            error_kind=page.error_kind,
            redirect_chain=page.redirect_chain,
            screenshot=page.screenshot,
            consent=page.consent,
            dialogs=page.dialogs,
            supplied_by=page.supplied_by,
            signed_in=page.signed_in,
        )
        for page in locale_snapshots.pages
    ]


def _app_entry(context: LocaleContext, firm_app: FirmApp) -> AppEntry:
    app = firm_app.app
    answer = firm_app.answer or StoreAnswer(
        store=app.store,
        id=app.id,
        country=context.country,
        available=None,
        storefront_url=storefront_url(app, context.country, language_of(context.locale)),
        reason="the store was not asked",
    )
    return AppEntry(
        store=app.store,
        id=app.id,
        url=answer.storefront_url,
        available=answer.available,
        reason=answer.reason,
        title=answer.title,
        declared=firm_app.declared,
        linked_from=list(dict.fromkeys(link.url for link in firm_app.links)),
        checked_at=answer.checked_at,
        seen_by_person=_person_view(firm_app.person_answer),
        available_judged=app_state(firm_app),
    )


def _person_view(answer: StoreAnswer | None) -> PersonStoreView | None:
    if answer is None:
        return None
    return PersonStoreView(
        available=answer.available,
        reason=answer.reason,
        url=answer.storefront_url,
        supplied_by=answer.supplied_by,
        checked_at=answer.checked_at,
    )


def judge_locale_snapshots(locale_snapshots: LocaleSnapshots) -> LocaleReport:
    """Judges one locale on its own (no app-store answers, no comparison with other locales)."""
    return locale_report(build_scan_context([locale_snapshots]).locales[0])


def locale_report(context: LocaleContext) -> LocaleReport:
    """Runs every locale rule over one locale's context and scores it."""
    locale_snapshots = context.snapshots
    findings = judge_locale(context)
    return LocaleReport(
        locale=locale_snapshots.locale,
        status=locale_snapshots.status,
        status_reason=locale_snapshots.status_reason,
        vantage=locale_snapshots.vantage,
        robots_ignored=locale_snapshots.robots_ignored,
        unvisited_support_links=locale_snapshots.unvisited_support_links,
        pages=_page_entries(locale_snapshots),
        channels=context.channels,
        apps=[_app_entry(context, firm_app) for firm_app in context.apps],
        findings=findings,
        score=score(findings),
        blind_spots=context.blind_spots(),
        accessibility=_accessibility_pages(context),
    )


_ACCESSIBILITY_FIELDS = {"elements", "axe", "keyboard", "captchas", "crops", "error"}


def _accessibility_pages(context: LocaleContext) -> list[AccessibilityPage]:
    return [
        AccessibilityPage(
            url=page.url,
            screenshot=page.screenshot,
            **page.accessibility.model_dump(include=_ACCESSIBILITY_FIELDS),
        )
        for page in context.snapshots.pages
        if page.accessibility is not None
    ]


def build_report(result: ScanResult) -> Report:
    """The whole report of a scan, from its saved snapshots alone (no browser needed).

    Timed as the ``judge`` phase (``checker.timings``), which holds the ``gather`` phase.
    """
    with phase("judge"):
        return _judged_report(result)


def _judged_report(result: ScanResult) -> Report:
    manifest = result.manifest
    scan_context = build_scan_context(result.locales, manifest.request.apps, result.apps)
    locales = [locale_report(context) for context in scan_context.locales]
    report = Report(
        tool=ToolInfo(**manifest.tool),
        browser=BrowserEntry(version=manifest.browser.version),
        target=Target(
            url=manifest.request.entry_urls[0],
            firm=manifest.request.firm,
            entry_urls=list(manifest.request.entry_urls),
        ),
        started_at=manifest.started_at,
        finished_at=manifest.finished_at,
        ruleset_version=RULESET_VERSION,
        settings=manifest.request.settings.model_dump(),
        locales=locales,
        findings=judge_scan(scan_context),
    )
    report.score = score(report.all_findings())
    return report
