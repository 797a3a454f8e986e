"""Synthetic scans for server tests: reports whose findings follow from the channels a locale shows.

A scan is described per locale by a :class:`LocalePlan` (which channels were found, how the crawl
went), turned into a real ``supportcheck.report/v1`` report, and stored through the real writer
(``save_scan``) with real PNG screenshots, so every page and API call reads what a scan would leave.
The findings are close enough for dashboards, not a test of the rules (those run on snapshots).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.orm import Session

from checker.channels import (
    CallbackChannel,
    Channels,
    ChatChannel,
    ContactPage,
    EmailChannel,
    HoursChannel,
    PhoneChannel,
    SelfServiceChannel,
)
from checker.job import ScanRequest
from checker.locales import resolve_locale
from checker.scan import MANIFEST_NAME, BrowserInfo, ScanManifest, ScanResult
from checker.snapshot import LocaleSnapshots, PageSnapshot
from rules.catalog import RULESET_VERSION
from rules.engine import score
from rules.model import Evidence, Finding, Outcome, RuleMeta
from rules.registry import all_rules
from rules.report.access import ACCESS_RULE_PREFIXES
from rules.report.model import BrowserEntry, LocaleReport, PageEntry, Report, Target, ToolInfo
from server.store.models import Run
from server.store.writer import ensure_firm, save_scan

PHONE = "+12025550143"
# Each payload would set window.__pwned (and open a dialog) if any page let it run.
SCRIPT_PAYLOAD = '<script>window.__pwned=1;alert("script")</script>'
ATTRIBUTE_PAYLOAD = "<img src=x onerror=\"window.__pwned=1;alert('onerror')\">"
QUOTE_PAYLOAD = '" onmouseover="window.__pwned=1" autofocus onfocus="window.__pwned=1'
JAVASCRIPT_URL = "javascript:window.__pwned=1;alert('url')//"
FORMULA_PAYLOAD = '=HYPERLINK("http://evil.test","click")'

# --- pictures ----------------------------------------------------------------------------------


@cache
def tiny_png(width: int = 480, height: int = 320, accent: tuple[int, int, int] = (26, 86, 168)) -> bytes:
    """A PNG that looks like a page: an accent header, grey text lines, a button; no imaging library."""

    def pixel(x: int, y: int) -> tuple[int, int, int]:
        if y < height // 8:
            return accent
        if height // 5 <= y < height - 20 and (y // 12) % 2 == 0 and 24 <= x < width - 24 - (y * 7) % 120:
            return (205, 210, 218)
        if height - 60 <= y < height - 36 and 24 <= x < 150:
            return accent
        return (255, 255, 255)

    raw = b"".join(b"\x00" + bytes(c for x in range(width) for c in pixel(x, y)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


# --- reports -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalePlan:
    """What a synthetic scan found in one locale; rule outcomes follow from it unless ``outcomes`` says.

    Args:
        status: the crawl's status; ``blocked`` means the site refused the locale (HTTP 451).
        phone, email: the number (E.164) and address on the contact page, or None.
        chat: a staffed chat, a bot-only chat, or none.
        contact_depth: clicks from the entry page to the contact page.
        outcomes: rule id -> outcome, for what the channels alone do not decide.
    """

    locale: str
    status: Literal["complete", "partial", "blocked", "error"] = "complete"
    phone: str | None = PHONE
    email: str | None = "help@{host}"
    chat: Literal["human", "bot"] | None = None
    callback: bool = True
    hours: bool = True
    self_service: bool = True
    contact_depth: int = 1
    outcomes: Mapping[str, str] = field(default_factory=dict)


def _pages(host: str, plan: LocalePlan) -> list[PageEntry]:
    shots = f"screenshots/{plan.locale}"
    if plan.status == "blocked":
        return [
            PageEntry(
                url=f"https://{host}/",
                http_status=451,
                title="Not available in your region",
                screenshot=f"{shots}/000.png",
            )
        ]
    return [
        PageEntry(
            url=f"https://{host}/",
            final_url=f"https://{host}/",
            http_status=200,
            title=f"{host} home",
            screenshot=f"{shots}/000.png",
        ),
        PageEntry(
            url=f"https://{host}/contact",
            final_url=f"https://{host}/contact",
            http_status=200,
            depth=plan.contact_depth,
            title="Contact us",
            screenshot=f"{shots}/001.png",
        ),
    ]


def _channels(host: str, plan: LocalePlan) -> Channels:
    if plan.status == "blocked":
        return Channels()
    page = f"https://{host}/contact"
    email = plan.email.format(host=host) if plan.email else None
    return Channels(
        phone=[
            PhoneChannel(
                url=page,
                selector="#phone",
                snippet=f"Call us on {plan.phone}",
                number=plan.phone,
                display=plan.phone,
                kind="geographic",
                region="US",
                source="tel",
            )
        ]
        if plan.phone
        else [],
        email=[
            EmailChannel(
                url=page, selector="#mail", snippet=f"Write to {email}", address=email, source="mailto"
            )
        ]
        if email
        else [],
        chat=[
            ChatChannel(
                url=page,
                selector="#chat-launcher",
                snippet="Chat with us",
                vendor="intercom",
                human=plan.chat == "human",
            )
        ]
        if plan.chat
        else [],
        callback=[
            CallbackChannel(
                url=page,
                selector="#callback",
                snippet="We call you back",
                text="We call you back within the hour",
            )
        ]
        if plan.callback
        else [],
        hours=[
            HoursChannel(url=page, selector="#hours", snippet="Mon–Fri 9:00–17:00", text="Mon–Fri 9:00–17:00")
        ]
        if plan.hours
        else [],
        self_service=[
            SelfServiceChannel(
                url=f"https://{host}/help", selector="#faq", snippet="Help centre", text="Help centre"
            )
        ]
        if plan.self_service
        else [],
        contact_page=ContactPage(url=page, depth=plan.contact_depth),
    )


def _implied_outcome(rule_id: str, plan: LocalePlan) -> Outcome:
    """What the rule would say of these channels (close enough for dashboards, not a rule test)."""
    if plan.status == "blocked":
        return Outcome.FAIL if rule_id == "region.page-blocked" else Outcome.NOT_APPLICABLE
    if rule_id.startswith(ACCESS_RULE_PREFIXES):
        return Outcome.NOT_APPLICABLE  # synthetic scans carry no accessibility pass; plans may set one
    human = bool(plan.phone or plan.email or plan.chat == "human")
    implied = {
        "human.channel": human,
        "human.bot-only": None if plan.chat is None else human,
        "human.phone-valid": None if plan.phone is None else True,
        "human.hours": plan.hours,
        "callback.offered": plan.callback,
        "contact.depth": plan.contact_depth <= 2,
        "selfservice.present": plan.self_service,
        "region.app-available": None,
        "region.app-only-support": None,
    }.get(rule_id, True)
    if implied is None:
        return Outcome.NOT_APPLICABLE
    if rule_id == "human.hours" and not implied:
        return Outcome.NEEDS_REVIEW
    return Outcome.PASS if implied else Outcome.FAIL


def _finding(meta: RuleMeta, plan: LocalePlan, host: str) -> Finding:
    """The rule's finding in ``plan``'s locale: the plan's outcome for it, else the implied one."""
    outcome = Outcome(plan.outcomes.get(meta.id, _implied_outcome(meta.id, plan)))
    evidence = []
    if outcome in (Outcome.FAIL, Outcome.NEEDS_REVIEW) or meta.id == "human.channel":
        shot = f"screenshots/{plan.locale}/{'000' if plan.status == 'blocked' else '001'}.png"
        evidence.append(
            Evidence(url=f"https://{host}/contact", selector="main", snippet="Contact us", screenshot=shot)
        )
    message = (
        meta.failure_title if outcome is Outcome.FAIL else f"{meta.title}: {outcome.value.replace('_', ' ')}"
    )
    return Finding(
        rule=meta.id,
        outcome=outcome,
        impact=meta.impact,
        message=message,
        evidence=evidence,
        locale=plan.locale,
    )


def synthetic_report(firm: str, host: str, plans: list[LocalePlan], started_at: str) -> Report:
    """A whole report for ``plans``: pages, channels, one finding per rule and locale, scores."""
    locales = []
    for plan in plans:
        findings = [_finding(rule.meta, plan, host) for rule in all_rules("locale")]
        locales.append(
            LocaleReport(
                locale=plan.locale,
                status=plan.status,
                pages=_pages(host, plan),
                status_reason="HTTP 451 on every page" if plan.status == "blocked" else "",
                channels=_channels(host, plan),
                findings=findings,
                score=score(findings),
            )
        )
    cross_locale = [_finding(rule.meta, plan, host) for rule in all_rules("scan") for plan in plans]
    report = Report(
        tool=ToolInfo(name="supportcheck", version="0.1.0"),
        browser=BrowserEntry(version="120.0"),
        target=Target(url=f"https://{host}/", firm=firm, entry_urls=[f"https://{host}/"]),
        started_at=started_at,
        finished_at=started_at.replace(":00:00", ":05:00"),
        ruleset_version=RULESET_VERSION,
        locales=locales,
        findings=cross_locale,
    )
    report.score = score(report.all_findings())
    return report


def _scan_result(report: Report, plans: list[LocalePlan]) -> ScanResult:
    """The manifest and (page-list only) snapshots that go with ``report``."""
    snapshots = [
        LocaleSnapshots(
            locale=locale.locale,
            entry_url=report.target.url,
            status=locale.status,
            pages=[
                PageSnapshot(
                    locale=locale.locale,
                    requested_url=page.url,
                    final_url=page.final_url,
                    http_status=page.http_status,
                    depth=page.depth,
                    screenshot=page.screenshot,
                )
                for page in locale.pages
            ],
        )
        for locale in report.locales
    ]
    manifest = ScanManifest(
        tool={"name": "supportcheck", "version": report.tool.version},
        browser=BrowserInfo(version=report.browser.version),
        request=ScanRequest(
            firm=report.target.firm,
            entry_urls=tuple(report.target.entry_urls),
            locales=tuple(resolve_locale(plan.locale) for plan in plans),
        ),
        started_at=report.started_at,
        finished_at=report.finished_at,
        snapshot_files={plan.locale: f"snapshots/{plan.locale}.json" for plan in plans},
    )
    return ScanResult(manifest=manifest, locales=snapshots)


ReportEdit = Callable[[Report], None]


def store_synthetic_scan(
    session: Session,
    data_dir: Path,
    scan_dir: Path,
    firm: str,
    plans: list[LocalePlan],
    *,
    host: str,
    started_at: str,
    tags: Mapping[str, Any] | None = None,
    edit: ReportEdit | None = None,
    accent: tuple[int, int, int] = (26, 86, 168),
) -> Run:
    """Writes a scan folder with real PNG screenshots and stores it as a complete run with ``save_scan``.

    Args:
        edit: changes the report before it is stored (e.g. to plant hostile text).
        accent: the screenshots' header colour, to tell firms apart at a glance.
    """
    ensure_firm(session, firm, tags=tags)
    report = synthetic_report(firm, host, plans, started_at)
    if edit is not None:
        edit(report)
    for locale in report.locales:
        for page in locale.pages:
            if page.screenshot:
                picture = scan_dir / page.screenshot
                picture.parent.mkdir(parents=True, exist_ok=True)
                picture.write_bytes(
                    tiny_png(accent=accent) + page.url.encode()
                )  # bytes after IEND are ignored
    scan_dir.mkdir(parents=True, exist_ok=True)
    result = _scan_result(report, plans)
    (scan_dir / MANIFEST_NAME).write_text(result.manifest.model_dump_json(), encoding="utf-8")
    return save_scan(session, firm, result, report, data_dir, scan_dir)


def plant_payloads(report: Report) -> None:
    """Puts an XSS payload in every scraped text a page could show: titles, URLs, snippets, channels."""
    for locale in report.locales:
        for page in locale.pages:
            page.title = f"Contact {SCRIPT_PAYLOAD} {ATTRIBUTE_PAYLOAD}"
        locale.pages.append(PageEntry(url=JAVASCRIPT_URL, title=QUOTE_PAYLOAD, http_status=200, depth=1))
        channels = locale.channels
        for phone in channels.phone:
            phone.display = f"{FORMULA_PAYLOAD} {ATTRIBUTE_PAYLOAD}"
            phone.url = JAVASCRIPT_URL
        for hours in channels.hours:
            hours.text = f"{SCRIPT_PAYLOAD} 9-5"
        channels.chat.append(ChatChannel(url=JAVASCRIPT_URL, snippet=ATTRIBUTE_PAYLOAD, vendor=QUOTE_PAYLOAD))
        for finding in locale.findings:
            finding.message = f"{finding.message} {SCRIPT_PAYLOAD}"
            finding.evidence.append(
                Evidence(
                    url=JAVASCRIPT_URL, selector=QUOTE_PAYLOAD, snippet=f"Link text: {ATTRIBUTE_PAYLOAD}"
                )
            )
