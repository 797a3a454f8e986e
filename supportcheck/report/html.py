"""The HTML report: one self-contained file a person can open offline, read, print and forward.

Everything shown comes from pages the scan did not control, so the page is built to stay inert:
autoescaping on for every value, links only to http(s) URLs, screenshots only as raster data:
URIs read from inside the scan folder, and a Content-Security-Policy that forbids scripts and
every external fetch even if a value ever slipped through unescaped.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from checker.channels import Channels, PhoneChannel
from rules.model import Finding, Impact, Outcome, RuleMeta
from rules.registry import all_rules
from rules.report.access import access_findings, access_mark
from rules.report.links import http_href
from rules.report.matrix import findings_by_impact, locale_matrix
from rules.report.model import LocaleReport, Report

__all__ = ["MAX_SCREENSHOT_BYTES", "finding_title", "render_html"]

MAX_SCREENSHOT_BYTES = 2 * 1024 * 1024
"""Larger screenshots are left out so that a report stays small enough to mail."""

_TEMPLATES = Path(__file__).parent / "templates"

# Only raster formats: an SVG is a document that can carry script.
_IMAGE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"RIFF", "image/webp"),
)


@dataclass(frozen=True)
class Screenshot:
    """A screenshot named in the report; ``data_uri`` is ``None`` when it could not be embedded."""

    anchor: str
    path: str
    data_uri: str | None
    note: str = ""


@dataclass(frozen=True)
class ChannelItem:
    """One found channel: a one-line summary and the page evidence every channel carries."""

    summary: str
    url: str
    selector: str
    snippet: str


@dataclass
class Section:
    """What the template shows for one locale, or for the cross-locale findings (``locale`` ``None``)."""

    anchor: str
    locale: LocaleReport | None
    findings: list[tuple[Impact, list[Finding]]]
    channels: list[tuple[str, list[ChannelItem]]] = field(default_factory=list)
    screenshots: dict[str, Screenshot] = field(default_factory=dict)
    access: list[Finding] = field(default_factory=list)  # the "Accessible support" section


def _image_type(content: bytes) -> str | None:
    for signature, mime_type in _IMAGE_SIGNATURES:
        if content.startswith(signature) and (mime_type != "image/webp" or content[8:12] == b"WEBP"):
            return mime_type
    return None


def _load_screenshot(path: str, scan_dir: Path | None, anchor: str) -> Screenshot:
    """Reads one screenshot, refusing files outside ``scan_dir``, too large or not a raster image."""
    if scan_dir is None:
        return Screenshot(anchor, path, None, "no scan folder given")
    root = scan_dir.resolve()
    file_path = (root / path).resolve()
    if not file_path.is_relative_to(root):
        return Screenshot(anchor, path, None, "outside the scan folder")
    if not file_path.is_file():
        return Screenshot(anchor, path, None, "file not found")
    if file_path.stat().st_size > MAX_SCREENSHOT_BYTES:
        return Screenshot(anchor, path, None, f"larger than {MAX_SCREENSHOT_BYTES // 2**20} MB")
    content = file_path.read_bytes()
    mime_type = _image_type(content)
    if mime_type is None:
        return Screenshot(anchor, path, None, "not a PNG, JPEG or WebP image")
    return Screenshot(anchor, path, f"data:{mime_type};base64,{base64.b64encode(content).decode('ascii')}")


def _screenshots(paths: list[str | None], scan_dir: Path | None, prefix: str) -> dict[str, Screenshot]:
    """Each distinct screenshot once, so a page and its findings share one embedded copy."""
    unique_paths = dict.fromkeys(path for path in paths if path)
    return {
        path: _load_screenshot(path, scan_dir, f"{prefix}-shot-{number}")
        for number, path in enumerate(unique_paths, start=1)
    }


def _evidence_screenshots(findings: list[Finding]) -> list[str | None]:
    return [evidence.screenshot for finding in findings for evidence in finding.evidence]


def _human_label(human: bool | None) -> str:
    return {True: "reaches a person", False: "bot only", None: "person or bot not known"}[human]


def _phone_summary(phone: PhoneChannel) -> str:
    return f"{phone.display} ({phone.number}, {phone.kind}{'' if phone.valid else ', invalid'})"


# (heading, field of Channels, one-line summary of one channel of that field)
_CHANNEL_SUMMARIES: tuple[tuple[str, str, Callable[[Any], str]], ...] = (
    ("Phone", "phone", _phone_summary),
    ("Email", "email", lambda email: email.address),
    ("Chat", "chat", lambda chat: f"{chat.vendor}, {_human_label(chat.human)}"),
    ("Contact form", "contact_form", lambda form: "fields: " + (", ".join(form.fields) or "none listed")),
    ("Callback", "callback", lambda callback: callback.text),
    ("Self-service", "self_service", lambda self_service: self_service.text),
    ("Hours", "hours", lambda hours: hours.text),
    ("Contact links", "contact_links", lambda link: f"{link.text} → {link.href} ({link.region})"),
)


def _channel_items(channels: Channels) -> list[tuple[str, list[ChannelItem]]]:
    """Channels by kind with a summary line each; kinds with nothing found are left out."""
    groups = []
    for heading, field_name, summary in _CHANNEL_SUMMARIES:
        items = [
            ChannelItem(summary(channel), channel.url, channel.selector, channel.snippet)
            for channel in getattr(channels, field_name)
        ]
        if items:
            groups.append((heading, items))
    return groups


def _locale_section(index: int, locale_report: LocaleReport, scan_dir: Path | None) -> Section:
    prefix = f"locale-{index}"
    paths = [page.screenshot for page in locale_report.pages] + _evidence_screenshots(locale_report.findings)
    paths += [crop.path for checked in locale_report.accessibility or [] for crop in checked.crops]
    return Section(
        anchor=prefix,
        locale=locale_report,
        findings=findings_by_impact(locale_report.findings),
        channels=_channel_items(locale_report.channels),
        screenshots=_screenshots(paths, scan_dir, prefix),
        access=access_findings(locale_report.findings),
    )


@cache
def _rule_metadata() -> dict[str, RuleMeta]:
    return {rule.meta.id: rule.meta for rule in all_rules()}


def finding_title(finding: Finding) -> str:
    """The rule's failure title for a failure, its title otherwise; the rule id for an unknown rule."""
    meta = _rule_metadata().get(finding.rule)
    if meta is None:
        return finding.rule
    return meta.failure_title if finding.outcome is Outcome.FAIL else meta.title


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["http_href"] = http_href
    environment.globals.update(
        finding_title=finding_title,
        rule_meta=lambda rule_id: _rule_metadata().get(rule_id),
        access_mark=access_mark,
    )
    return environment


def render_html(report: Report, scan_dir: Path | None) -> str:
    """The report as one HTML document with no external resources and no script.

    Args:
        report: the scan's report.
        scan_dir: the scan folder that screenshot paths are relative to; ``None`` leaves
            screenshots out (their paths are still listed).

    Returns:
        The HTML text; write it as UTF-8 (the page declares that charset).
    """
    locale_columns, matrix_rows = locale_matrix(report)
    sections = [
        _locale_section(index, locale_report, scan_dir)
        for index, locale_report in enumerate(report.locales, start=1)
    ]
    cross_locale = Section(
        anchor="cross-locale",
        locale=None,
        findings=findings_by_impact(report.findings),
        screenshots=_screenshots(_evidence_screenshots(report.findings), scan_dir, "cross-locale"),
    )
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            matrix_locales=locale_columns,
            matrix_rows=matrix_rows,
            sections=sections,
            cross_locale=cross_locale,
        )
    )
