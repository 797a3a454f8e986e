"""The JSON report, schema ``supportcheck.report/v1``: a public contract.

Fields may be added; none may be renamed or dropped. README.md documents every field.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from checker.a11y.model import AxeRun, CaptchaFact, ElementCrop, KeyboardWalk, SupportElement
from checker.channels import Channels
from checker.snapshot import ConsentNote, FrontierLeftover
from rules.model import Finding

SCHEMA = "supportcheck.report/v1"


class ToolInfo(BaseModel):
    name: str
    version: str


class BrowserEntry(BaseModel):
    name: str = "chromium"
    version: str = ""


class Target(BaseModel):
    url: str
    firm: str = ""
    entry_urls: list[str] = Field(default_factory=list)


class PageEntry(BaseModel):
    url: str
    final_url: str = ""
    http_status: int | None = None
    depth: int = 0
    title: str = ""
    error: str | None = None
    error_kind: str | None = None
    redirect_chain: list[str] = Field(default_factory=list)
    screenshot: str | None = None
    consent: ConsentNote | None = None
    dialogs: list[str] = Field(default_factory=list)
    supplied_by: str = Field("", description="who sent the page as evidence, when a person's browser read it")
    signed_in: bool = Field(False, description="the person was signed in to the site to see it")


class PersonStoreView(BaseModel):
    """The app's store page as a person's browser showed it in this storefront, sent as evidence."""

    available: bool | None = Field(
        None, description="sold here as the page showed; null when it could not tell"
    )
    reason: str = Field("", description="what the page showed")
    url: str = Field("", description="the store page the person sent")
    supplied_by: str = Field("", description="which evidence, from whom")
    checked_at: str = ""


class AppEntry(BaseModel):
    """One of the firm's apps in one locale's storefront."""

    store: Literal["apple", "google"]
    id: str
    url: str = Field(description="the storefront page a person opens to check by hand")
    available: bool | None = Field(
        None, description="sold in this storefront; null when the store could not tell"
    )
    reason: str = Field("", description="what the store answered, or why it could not tell")
    title: str = Field("", description="the app's name as the store gives it")
    declared: bool = Field(False, description="listed in the firm's configuration or with --app")
    linked_from: list[str] = Field(default_factory=list, description="this locale's pages that link the app")
    checked_at: str = ""
    seen_by_person: PersonStoreView | None = Field(
        None,
        description="the store page a person sent for this storefront, if any ('available' is the lookup's)",
    )
    available_judged: bool | None = Field(
        None,
        description="sold here as the region rules judge it: the lookup's answer, or a person's page where "
        "the lookup could not tell; null when neither tells or they disagree",
    )


class AccessibilityPage(BaseModel):
    """What the accessibility pass saw on one page of the support path (the ``a11y.*`` rules' input)."""

    url: str
    screenshot: str | None = None
    elements: list[SupportElement] = Field(default_factory=list, description="the support elements checked")
    axe: AxeRun | None = Field(None, description="axe-core's violations and incomplete checks within them")
    keyboard: KeyboardWalk | None = Field(None, description="the Tab-key walk and the launcher trial")
    captchas: list[CaptchaFact] = Field(default_factory=list)
    crops: list[ElementCrop] = Field(
        default_factory=list, description="screenshot crops of what our own checks found wanting"
    )
    error: str | None = Field(None, description="why the checks could not run on this page")


class LocaleReport(BaseModel):
    locale: str
    status: Literal["complete", "partial", "blocked", "error"]
    status_reason: str = ""
    vantage: dict[str, str] = Field(default_factory=dict)
    robots_ignored: bool = False
    unvisited_support_links: list[FrontierLeftover] = Field(
        default_factory=list, description="support links not visited, and why (budget, robots, ...)"
    )
    pages: list[PageEntry] = Field(default_factory=list)
    channels: Channels = Field(default_factory=Channels)
    apps: list[AppEntry] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    score: int | None = None
    blind_spots: list[str] | None = Field(
        None,
        description="what the crawl could not see (cut short, unread pages, unvisited support links); "
        "empty when it saw all it looked for, null in reports made before this field existed",
    )
    accessibility: list[AccessibilityPage] | None = Field(
        None,
        description="the pages whose support path was checked for accessibility (axe-core and our "
        "keyboard checks); null in reports made before this field existed",
    )


class Report(BaseModel):
    model_config = {"populate_by_name": True}

    schema_: str = Field(SCHEMA, alias="schema")
    tool: ToolInfo
    browser: BrowserEntry
    target: Target
    started_at: str
    finished_at: str
    ruleset_version: str = ""
    settings: dict[str, object] = Field(default_factory=dict)
    locales: list[LocaleReport] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list, description="cross-locale findings")
    score: int | None = None

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True, indent=2)

    def all_findings(self) -> list[Finding]:
        return [*self.findings, *(finding for locale in self.locales for finding in locale.findings)]
