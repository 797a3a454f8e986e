"""The snapshot: what one page looked like to a visitor, as plain JSON.

``ProbeResult`` mirrors what ``extension/probe.js`` returns; ``PageSnapshot`` wraps it with what
only the crawler knows (HTTP status, redirect chain, depth, locale, errors, dialogs). Snapshots
are saved to disk so rules can re-judge a past scan without a browser. Every field that comes
from a page is untrusted text; validation here caps types, never meaning.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from checker.a11y.model import PageAccessibility

SNAPSHOT_VERSION = 1

Region = Literal["header", "nav", "main", "footer", "aside", "other"]
Visibility = Literal["visible", "collapsed", "hidden"]
NAME_FROM = "where the accessible name came from: aria-label, aria-labelledby, text, alt, value or title"


class _Fact(BaseModel):
    model_config = ConfigDict(extra="ignore")


class LinkFact(_Fact):
    """An ``<a href>`` or ``<area href>`` as a visitor meets it."""

    text: str = ""
    name: str = Field("", description="accessible name: aria-label, text, img alt or title")
    name_from: str = Field("", description=NAME_FROM)
    href: str = Field("", description="absolute URL as resolved by the browser")
    raw_href: str = Field("", description="the attribute as written, for tel:/mailto: and dead links")
    title: str = ""
    region: Region = "other"
    visible: bool = False
    in_first_viewport: bool = False
    selector: str = ""
    order: int = 0


class ButtonFact(_Fact):
    """A clickable element that is not a link: ``<button>``, ``role=button``, ``input[type=button]``."""

    text: str = ""
    name: str = ""
    name_from: str = Field("", description=NAME_FROM)
    title: str = ""
    region: Region = "other"
    visible: bool = False
    selector: str = ""
    order: int = 0
    in_form: bool = False


class TextBlock(_Fact):
    """A run of text from one block element, with how a visitor could see it."""

    text: str
    tag: str = ""
    region: Region = "other"
    visibility: Visibility = "visible"
    selector: str = ""
    order: int = 0


class FieldFact(_Fact):
    tag: str = "input"
    type: str = ""
    name: str = ""
    id: str = ""
    label: str = ""
    placeholder: str = ""
    autocomplete: str = ""
    required: bool = False
    visible: bool = True


class FormFact(_Fact):
    """A form (or a form-like group of fields) with its fields and button texts; never submitted."""

    selector: str = ""
    action: str = ""
    method: str = "get"
    region: Region = "other"
    visible: bool = False
    heading: str = Field("", description="nearest preceding heading or legend text")
    fields: list[FieldFact] = Field(default_factory=list)
    buttons: list[str] = Field(default_factory=list)
    order: int = 0


class ScriptFact(_Fact):
    src: str = ""
    inline_excerpt: str = Field("", description="start of an inline script, for widget fingerprints")
    urls: list[str] = Field(
        default_factory=list, description="URLs anywhere in an inline script: widget loaders hide there"
    )


class FrameFact(_Fact):
    src: str = ""
    title: str = ""
    name: str = ""
    id: str = ""
    visible: bool = False
    order: int = 0


class ElementMarker(_Fact):
    """An element that may be a widget launcher or container (fixed position, or id/class set)."""

    tag: str = ""
    id: str = ""
    classes: str = ""
    text: str = ""
    name: str = Field("", description="aria-label, else title")
    name_from: str = Field("", description="aria-label or title")
    fixed: bool = False
    visible: bool = False
    selector: str = ""
    order: int = 0


class MetaFact(_Fact):
    name: str = ""
    content: str = ""


class ProbeResult(_Fact):
    """The probe's JSON, validated. See ``extension/probe.js`` for how each field is read."""

    snapshot_version: int = SNAPSHOT_VERSION
    url: str = ""
    title: str = ""
    lang: str = ""
    viewport: dict[str, int] = Field(default_factory=dict)
    links: list[LinkFact] = Field(default_factory=list)
    buttons: list[ButtonFact] = Field(default_factory=list)
    text_blocks: list[TextBlock] = Field(default_factory=list)
    forms: list[FormFact] = Field(default_factory=list)
    scripts: list[ScriptFact] = Field(default_factory=list)
    iframes: list[FrameFact] = Field(default_factory=list)
    markers: list[ElementMarker] = Field(default_factory=list)
    meta: list[MetaFact] = Field(default_factory=list)
    globals: list[str] = Field(default_factory=list, description="page-defined window properties")
    store_urls: list[str] = Field(
        default_factory=list, description="App Store / Google Play URLs inside scripts and JSON (app banners)"
    )
    truncated: list[str] = Field(default_factory=list, description="lists cut at the probe's caps")


ErrorKind = Literal[
    "timeout",
    "network",
    "tls",
    "redirect_loop",
    "http_error",
    "non_html",
    "download",
    "robots",
    "crashed",
    "probe",
    "blocked",
    "other",
]


class ConsentNote(_Fact):
    """A cookie or consent wall met on the page and what the crawler clicked to get past it."""

    action: Literal["reject", "accept", "none"] = "none"
    button_text: str = ""
    selector: str = ""


class PageSnapshot(_Fact):
    """One visited page from one locale: the crawler's envelope around the probe result."""

    snapshot_version: int = SNAPSHOT_VERSION
    locale: str
    requested_url: str
    final_url: str = ""
    http_status: int | None = None
    content_type: str = ""
    content_language: str = Field("", description="the Content-Language response header, as sent")
    redirect_chain: list[str] = Field(default_factory=list)
    depth: int = 0
    found_via: str = Field("", description="text of the link the crawler followed to get here")
    support_score: float = Field(0.0, description="how support-like that link was; 0 for the entry")
    parent_url: str = ""
    fetched_at: str = ""
    elapsed_ms: int = 0
    error: str | None = None
    error_kind: ErrorKind | None = None
    consent: ConsentNote | None = None
    dialogs: list[str] = Field(default_factory=list, description="alert/confirm/beforeunload texts")
    popups: list[str] = Field(default_factory=list, description="URLs of window.open pop-ups, closed")
    screenshot: str | None = Field(None, description="path relative to the scan folder")
    probe: ProbeResult | None = None
    accessibility: PageAccessibility | None = Field(
        None, description="the accessibility pass over the support path; None where it did not run"
    )
    supplied_by: str = Field(
        "", description="who sent this page as evidence when a person's browser read it, not the crawler"
    )
    signed_in: bool = Field(False, description="the person was signed in to the site to see this page")

    @property
    def ok(self) -> bool:
        """True when the page was seen: no error and a probe result."""
        return self.error is None and self.probe is not None

    @property
    def url(self) -> str:
        return self.final_url or self.requested_url


class FrontierLeftover(_Fact):
    """A support-like link the crawl found but did not visit (budget, deadline, robots)."""

    url: str
    text: str = ""
    score: float = 0.0
    reason: Literal["budget", "deadline", "robots", "depth", "offsite"] = "budget"


class LocaleSnapshots(_Fact):
    """Everything gathered for one (firm, locale) unit of work: the input rules re-judge."""

    snapshot_version: int = SNAPSHOT_VERSION
    locale: str
    entry_url: str
    status: Literal["complete", "partial", "blocked", "error"] = "complete"
    status_reason: str = ""
    robots_ignored: bool = False
    robots_disallowed: list[str] = Field(
        default_factory=list, description="support links robots.txt kept us from"
    )
    started_at: str = ""
    finished_at: str = ""
    vantage: dict[str, str] = Field(default_factory=dict, description="signals used: language, timezone…")
    pages: list[PageSnapshot] = Field(default_factory=list)
    unvisited_support_links: list[FrontierLeftover] = Field(default_factory=list)

    @property
    def entry_page(self) -> PageSnapshot | None:
        """The first page fetched at depth 0, seen or not."""
        return next((page for page in self.pages if page.depth == 0), None)

    def save(self, path: Path) -> None:
        """Writes atomically so a killed crawl never leaves a half-written file behind."""
        temporary = path.with_suffix(path.suffix + ".part")
        temporary.write_text(self.model_dump_json(indent=1), encoding="utf-8")
        temporary.replace(path)

    @classmethod
    def load(cls, path: Path) -> LocaleSnapshots:
        return cls.model_validate(json.loads(path.read_text(encoding="utf-8")))
