"""What the accessibility pass saw on one page: plain data saved inside the page's snapshot.

Every field comes from a page or from axe-core run on it, so it is untrusted text; the rules in
``rules/accessibility.py`` and ``rules/access.py`` judge it. Fields may be added, none renamed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SupportKind = Literal["contact_form", "chat_launcher", "chat_frame", "help_link", "tel_link", "mailto_link"]


class _Fact(BaseModel):
    model_config = ConfigDict(extra="ignore")


class SupportElement(_Fact):
    """An element of the page's support path, found by ``extension/a11y.js``."""

    kind: SupportKind
    selector: str
    name: str = Field(
        "", description="its text or label as the page shows it (not the computed accessible name)"
    )
    tag: str = ""
    role: str = ""
    visible: bool = True
    html: str = Field("", description="the start of its markup")


class AxeNode(_Fact):
    """One element an axe-core rule flagged, with the support element it belongs to."""

    target: list[str] = Field(default_factory=list, description="axe's selector path, one step per frame")
    html: str = ""
    failure_summary: str = ""
    support: SupportKind | None = Field(None, description="the support element holding the node")


class AxeRuleResult(_Fact):
    """One axe-core rule's violations or incomplete checks, as axe reports them."""

    id: str
    impact: str | None = None
    tags: list[str] = Field(default_factory=list)
    help: str = ""
    help_url: str = ""
    nodes: list[AxeNode] = Field(default_factory=list)


class AxeRun(_Fact):
    """axe-core's results over the support elements of a page, frames included."""

    version: str = ""
    tags: list[str] = Field(default_factory=list)
    violations: list[AxeRuleResult] = Field(default_factory=list)
    incomplete: list[AxeRuleResult] = Field(default_factory=list, description="axe could not decide")
    passes: list[str] = Field(default_factory=list, description="ids of the rules whose checks passed")
    frames: int = Field(0, description="documents axe ran in: the page and its frames")
    frame_errors: int = Field(0, description="frames axe could not run in (their results are missing)")


class FocusStop(_Fact):
    """A support element keyboard focus reached, and what hid it."""

    kind: SupportKind
    selector: str
    presses: int = Field(description="Tab presses from the top of the page")
    focused: str = Field("", description="what had focus: tag and name, inside the frame for a chat frame")
    focused_selector: str = Field("", description="its selector, in the frame's document for a chat frame")
    obscured_by: str = Field("", description="selector of a fixed element covering it (WCAG 2.4.11)")


class LauncherTrial(_Fact):
    """What Enter, then Space, then Escape did to a chat launcher that had keyboard focus."""

    selector: str
    opened_by: Literal["Enter", "Space", ""] = ""
    focus_moved_in: bool | None = None
    escape_closed: bool | None = None
    live_region: bool | None = Field(None, description="the opened widget has role=log or aria-live (4.1.3)")


class KeyboardWalk(_Fact):
    """A walk with the Tab key from the top of the page, never typing into or submitting anything."""

    presses: int = 0
    max_presses: int = 0
    reached: list[FocusStop] = Field(default_factory=list)
    not_focusable: list[str] = Field(
        default_factory=list, description="support elements that cannot take keyboard focus at all"
    )
    launcher: LauncherTrial | None = None


class CaptchaFact(_Fact):
    """A CAPTCHA on a contact or callback form, or on a sign-in form, and the alternative beside it."""

    kinds: list[str] = Field(default_factory=list, description="recaptcha, hcaptcha, turnstile, image")
    form: str = ""
    challenge: str = Field("", description="selector of the CAPTCHA's box, frame or image inside the form")
    alternative: str = Field("", description="the audio or other alternative found; empty when none")
    login: bool = Field(
        False, description="on a sign-in form (WCAG 3.3.8 when support lies behind it), not a contact form"
    )


class RepeatedField(_Fact):
    """A field a later step of a contact form asks for again (WCAG 3.3.7 Redundant Entry)."""

    key: str = Field(description="what both fields ask for: their autocomplete purpose, else their name")
    first: str = Field(description="selector of the field in the earlier step")
    again: str = Field(description="selector of the field asking again, empty and editable")
    first_step: int
    again_step: int


class FormSteps(_Fact):
    """A contact form split into steps, as far as the DOM holds them, never filled in."""

    form: str
    steps: int = Field(0, description="step containers in the DOM (fieldsets, tab panels, data-step …)")
    hidden_steps: int = Field(0, description="of those, the ones not shown yet")
    promised_steps: int = Field(0, description="steps a progress list (aria-current=step) names; 0 if none")
    later_steps_missing: bool = Field(
        False, description="the progress list names more steps than the DOM holds: they load later"
    )
    repeated: list[RepeatedField] = Field(default_factory=list)


CropSubject = Literal["not_focusable", "focus_obscured", "captcha"]


class ElementCrop(_Fact):
    """A screenshot cut around a support element that one of our own checks found wanting."""

    what: CropSubject = Field(
        description="a launcher or contact link that cannot take focus, focus hidden by a fixed "
        "element (the crop shows both), or a CAPTCHA with no alternative"
    )
    selector: str = Field(
        description="the element the finding names: the support element, or the CAPTCHA's form"
    )
    path: str = Field(description="the JPEG file, relative to the scan folder")


class PageAccessibility(_Fact):
    """Everything the accessibility pass saw on one page; ``error`` when it could not run."""

    elements: list[SupportElement] = Field(default_factory=list)
    axe: AxeRun | None = None
    keyboard: KeyboardWalk | None = None
    captchas: list[CaptchaFact] = Field(default_factory=list)
    forms: list[FormSteps] = Field(default_factory=list, description="contact forms made of steps")
    crops: list[ElementCrop] = Field(default_factory=list, description="screenshots of what failed")
    elapsed_ms: int = 0
    error: str | None = None

    def crop_of(self, what: CropSubject, selector: str) -> str:
        """The crop's path for ``what`` about the element ``selector``; empty when none was taken."""
        return next((c.path for c in self.crops if c.what == what and c.selector == selector), "")
