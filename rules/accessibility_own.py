"""Rules on our own browser checks of the support path: keyboard access and CAPTCHA alternatives.

The checks ran in the browser during the crawl (``checker/a11y/keyboard.py`` walks the page with
the Tab key; ``extension/a11y.js`` finds CAPTCHAs on contact forms) and their facts are saved in
the snapshots; these rules judge those facts. What the walk could not settle (a launcher never
reached within its Tab presses, a widget that did not visibly open) needs review, never a fail.
"""

from __future__ import annotations

from checker.a11y.keyboard import WALKED_KINDS
from checker.a11y.model import CaptchaFact
from rules._audits import AuditedPage, audited_pages, element_evidence, unaudited
from rules._clauses import clause_references, clause_tags
from rules._contact_links import login_wall
from rules.context import LocaleContext
from rules.evidence import MAX_EVIDENCE
from rules.model import Evidence, Impact, Outcome, Verdict
from rules.registry import rule

LAUNCHER_KINDS = ("chat_launcher", "chat_frame")
VENDOR_CAPTCHAS = ("recaptcha", "hcaptcha", "turnstile")


def _sentence(text: str) -> str:
    """``text`` with its first letter raised and a full stop; URLs and key names keep their case."""
    if text.startswith(("http://", "https://")):
        return text + "."
    return text[:1].upper() + text[1:] + "."


def _walk_findings(
    context: LocaleContext, audited: AuditedPage
) -> tuple[list[tuple[str, Evidence]], list[str]]:
    """What one page's Tab walk proved wrong, and what it left open."""
    walk = audited.audit.keyboard
    assert walk is not None
    failures: list[tuple[str, Evidence]] = []
    doubts: list[str] = []
    url = audited.page.url
    walked = [e for e in audited.audit.elements if e.kind in WALKED_KINDS and e.visible]
    for element in walked:
        if element.selector in walk.not_focusable:
            what = "chat launcher" if element.kind in LAUNCHER_KINDS else "contact link"
            failures.append(
                (
                    f"the {what} '{element.name or element.tag}' on {url} cannot take keyboard focus",
                    element_evidence(
                        context,
                        audited.page,
                        element.selector,
                        element.html,
                        audited.audit.crop_of("not_focusable", element.selector),
                    ),
                )
            )
    for stop in walk.reached:
        if stop.obscured_by:
            failures.append(
                (
                    f"with focus on '{stop.focused}' ({url}), the fixed element {stop.obscured_by} "
                    "hides it (2.4.11)",
                    element_evidence(
                        context,
                        audited.page,
                        stop.selector,
                        stop.focused,
                        audited.audit.crop_of("focus_obscured", stop.selector),
                    ),
                )
            )
    reached = {stop.kind for stop in walk.reached}
    for group, label in ((LAUNCHER_KINDS, "chat launcher"), (("help_link",), "contact link")):
        candidates = [e for e in walked if e.kind in group and e.selector not in walk.not_focusable]
        if candidates and not reached & set(group):
            doubts.append(f"no {label} on {url} was reached within {walk.presses} Tab presses")
    trial = walk.launcher
    if trial is not None and not trial.opened_by:
        doubts.append(f"Enter and Space on the chat launcher of {url} did not visibly open anything")
    elif trial is not None and trial.live_region is False:
        # The transcript may gain a live region with its first message, which is never typed here.
        doubts.append(f"the chat opened on {url} shows no role=log or aria-live region for messages (4.1.3)")
    return failures, doubts


def _not_walked(context: LocaleContext) -> list[str]:
    """Pages checked without a Tab walk (a person's browser sent them: the popup cannot press keys)
    that hold a launcher or contact link: how they work from the keyboard was not seen."""
    return [
        f"the keyboard was not walked on {a.page.url} (checked in a person's browser, not by the crawler)"
        for a in audited_pages(context)
        if a.audit.keyboard is None and any(e.kind in WALKED_KINDS and e.visible for e in a.audit.elements)
    ]


@rule(
    id="a11y.keyboard-help",
    title="The chat launcher and the contact link work from the keyboard",
    failure_title="Help cannot be reached with the keyboard, or a chat bubble hides the focus",
    description=(
        "People who cannot use a mouse move with the Tab key. supportcheck tabs from the top of "
        "each support page, into cross-origin chat frames too, and checks that focus reaches a "
        "contact link and the chat launcher, that Enter or Space opens the chat and Escape closes "
        "it, and that no fixed element (a chat bubble, a cookie bar) hides the focused element; an "
        "opened chat with no role=log or aria-live region for its messages (4.1.3) needs review. It "
        "never types into or submits a widget. It fails on what the browser proved: a launcher or "
        "contact link that cannot take focus at all, or focus hidden behind a fixed element; a "
        "launcher not reached within the walk's Tab presses, or one that did not visibly open, "
        "needs review. Critical: without a keyboard path the customer cannot start the chat."
    ),
    impact=Impact.CRITICAL,
    tags=("a11y", "keyboard", *clause_tags("a11y.keyboard-help")),
    help=(
        "Make the launcher a focusable <button> in the tab order, open the chat on Enter and Space, "
        "move focus into it, close it on Escape, and keep fixed widgets from covering focused elements."
    ),
    references=clause_references("a11y.keyboard-help"),
)
def keyboard_help(context: LocaleContext) -> Verdict:
    pages = [a for a in audited_pages(context) if a.audit.keyboard is not None]
    blind = unaudited(context)
    failures: list[tuple[str, Evidence]] = []
    doubts: list[str] = []
    for audited in pages:
        page_failures, page_doubts = _walk_findings(context, audited)
        failures += page_failures
        doubts += page_doubts
    doubts += _not_walked(context)
    walks = [
        {
            "url": a.page.url,
            **a.audit.keyboard.model_dump(exclude={"reached"}),
            "reached": [s.model_dump() for s in a.audit.keyboard.reached],
        }
        for a in pages
        if a.audit.keyboard is not None
    ]
    details: dict[str, object] = {"walks": walks}
    if failures:
        return Verdict(
            Outcome.FAIL,
            _sentence("; ".join(said for said, _ in failures[:3])),
            tuple(evidence for _, evidence in failures[:MAX_EVIDENCE]),
            details,
        )
    if doubts or blind:
        # A page that did not load or was not checked may hold the launcher the walk missed.
        reasons = [*doubts, *blind[:2]]
        return Verdict(
            Outcome.NEEDS_REVIEW, _sentence("; ".join(reasons)), (), {**details, "unchecked": blind}
        )
    if not pages:
        return Verdict(Outcome.NOT_APPLICABLE, "No chat launcher or contact link to reach with the keyboard.")
    reached = [stop for a in pages if a.audit.keyboard for stop in a.audit.keyboard.reached]
    said = ", ".join(f"{stop.kind.replace('_', ' ')} in {stop.presses} Tab presses" for stop in reached[:4])
    return Verdict(
        Outcome.PASS,
        f"The keyboard reaches help: {said}; nothing fixed hides the focus.",
        tuple(
            element_evidence(context, a.page, s.selector, s.focused)
            for a in pages
            if a.audit.keyboard
            for s in a.audit.keyboard.reached
        )[:MAX_EVIDENCE],
        {**details, "unchecked": blind},
    )


def _captchas_on_the_way(context: LocaleContext) -> list[tuple[AuditedPage, CaptchaFact]]:
    """CAPTCHAs of the contact forms, and of the sign-in forms that support pages stop at (3.3.8).

    A sign-in form elsewhere (a header box on the entry page) is not on the way to support.
    """
    return [
        (audited, captcha)
        for audited in audited_pages(context)
        for captcha in audited.audit.captchas
        if not captcha.login or login_wall(context, audited.page) is not None
    ]


def _where(audited: AuditedPage, captcha: CaptchaFact) -> str:
    if captcha.login:
        return f"the sign-in form that support stops at ({audited.page.url})"
    return f"the form on {audited.page.url}"


@rule(
    id="a11y.captcha-alternative",
    title="A CAPTCHA on a support form has a non-visual alternative",
    failure_title="A support form has an image CAPTCHA with no audio or other alternative",
    description=(
        "An image CAPTCHA locks blind customers out of the contact form. WCAG allows CAPTCHAs only "
        "with alternative forms for other senses (1.1.1), and signing in must not hang on a "
        "cognitive test without an alternative or help (3.3.8): so when a support page stops at a "
        "sign-in form, that form's CAPTCHA is judged too. A picture challenge of the site's own "
        "with no audio control next to it fails. reCAPTCHA, hCaptcha and Turnstile widgets run "
        "inside the vendor's frame, where the site's settings decide what alternative is offered, "
        "so they need review unless an alternative is shown beside them. A sign-in box elsewhere "
        "on the site is not on the way to support and is left out."
    ),
    impact=Impact.SERIOUS,
    tags=("a11y", "captcha", *clause_tags("a11y.captcha-alternative")),
    help=(
        "Offer an audio challenge or another way to send the message (an email address) next to any "
        "CAPTCHA, and let customers reach support without solving a puzzle to sign in."
    ),
    references=clause_references("a11y.captcha-alternative"),
)
def captcha_alternative(context: LocaleContext) -> Verdict:
    found = _captchas_on_the_way(context)
    blind = unaudited(context)
    details: dict[str, object] = {
        "captchas": [{"url": a.page.url, **captcha.model_dump()} for a, captcha in found],
        "behind_login": sorted({a.page.url for a, captcha in found if captcha.login}),
        "unchecked": blind,
    }
    if not found:
        if blind:
            return Verdict(
                Outcome.NEEDS_REVIEW,
                "Support forms could not be checked: " + "; ".join(blind[:3]),
                (),
                details,
            )
        return Verdict(Outcome.NOT_APPLICABLE, "No CAPTCHA on the contact forms checked.", (), details)
    evidence = tuple(
        element_evidence(context, a.page, c.form, ", ".join(c.kinds), a.audit.crop_of("captcha", c.form))
        for a, c in found
    )[:MAX_EVIDENCE]
    bare_images = [(a, c) for a, c in found if not c.alternative and not set(c.kinds) & set(VENDOR_CAPTCHAS)]
    if bare_images:
        audited, captcha = bare_images[0]
        said = f"{_where(audited, captcha)} has an image CAPTCHA and no audio or other alternative"
        if captcha.login:
            said += ": customers must pass it to sign in before they can reach support (3.3.8)"
        return Verdict(Outcome.FAIL, _sentence(said), evidence, details)
    vendors = [(a, c) for a, c in found if not c.alternative]
    if vendors:
        named = ", ".join(sorted({kind for _, c in vendors for kind in c.kinds}))
        login_note = (
            " Support lies behind a sign-in form with a CAPTCHA: signing in must not hang on a test "
            "without an alternative or help (3.3.8)."
            if any(c.login for _, c in vendors)
            else ""
        )
        return Verdict(
            Outcome.NEEDS_REVIEW,
            f"A support form uses {named}; whether it offers an audio or other alternative is decided "
            f"inside the vendor's frame and cannot be seen from the page.{login_note}",
            evidence,
            details,
        )
    if blind:
        return Verdict(
            Outcome.NEEDS_REVIEW,
            "Each CAPTCHA found has an alternative, but other support forms could not be checked: "
            + "; ".join(blind[:3]),
            evidence,
            details,
        )
    return Verdict(
        Outcome.PASS,
        f"Each CAPTCHA on a support form has an alternative: '{found[0][1].alternative}'.",
        evidence,
        details,
    )
