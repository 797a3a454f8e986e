"""Judges a scan's snapshots and assembles the report: the one place gathering meets rules."""

from __future__ import annotations

from checker.locales import country_of
from checker.report.model import (
    AppEntry,
    BrowserEntry,
    LocaleReport,
    PageEntry,
    Report,
    Target,
    ToolInfo,
)
from checker.scan import ScanResult
from checker.snapshot import LocaleSnapshots
from rules.catalog import RULESET_VERSION
from rules.context import LocaleContext, build_context
from rules.engine import judge_locale, score

APP_STORE_URLS = {
    "apple": "https://apps.apple.com/{country}/app/id{id}",
    "google": "https://play.google.com/store/apps/details?id={id}&gl={country}",
}


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
        )
        for page in locale_snapshots.pages
    ]


def _app_entries(context: LocaleContext) -> list[AppEntry]:
    country = country_of(context.locale).lower()
    return [
        AppEntry(store=app.store, id=app.id, url=APP_STORE_URLS[app.store].format(country=country, id=app.id))
        for app in context.channels.apps
    ]


def judge_locale_snapshots(locale_snapshots: LocaleSnapshots) -> LocaleReport:
    """Gathers channels, runs every rule and scores one locale."""
    context = build_context(locale_snapshots)
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
        apps=_app_entries(context),
        findings=findings,
        score=score(findings),
    )


def build_report(result: ScanResult) -> Report:
    """The whole report of a scan, from its saved snapshots alone (no browser needed)."""
    manifest = result.manifest
    locales = [judge_locale_snapshots(locale_snapshots) for locale_snapshots in result.locales]
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
    )
    # Cross-locale rules (region locks, channel parity) come with issue 5 and fill report.findings.
    report.score = score(report.all_findings())
    return report
