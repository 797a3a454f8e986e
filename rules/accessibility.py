"""Rules on the accessibility of the support path, from axe-core's results (WCAG 2.2 A and AA).

axe-core ran in the browser, scoped to the page's support elements and saved in the snapshots
(``checker/a11y``), so these rules judge saved results and re-judging needs no browser. A page's
own accessibility is out of scope: only the contact forms, chat launchers and frames, and the
contact, help, ``tel:`` and ``mailto:`` links are judged.
"""

from __future__ import annotations

from rules._audits import audited_pages, element_evidence
from rules._axe_verdict import axe_verdict
from rules._clauses import clause_references, clause_tags
from rules.context import LocaleContext
from rules.model import Evidence, Impact, Verdict
from rules.registry import rule

BUTTON_ROLES = ("button", "link")
NATIVE_CONTROLS = ("button", "a", "iframe", "frame")


@rule(
    id="a11y.contact-form",
    title="Contact and callback forms can be filled in with assistive technology",
    failure_title="A contact or callback form has fields without labels or names",
    description=(
        "A field with no label is a blank box to a screen-reader user, who then cannot write to "
        "the firm at all. axe-core checks every field, button and error message of the contact and "
        "callback forms found (labels, accessible names, valid autocomplete values). Serious: the "
        "form is often the one written channel. Where axe-core cannot decide (it says "
        "'incomplete') the rule needs review."
    ),
    impact=Impact.SERIOUS,
    tags=("a11y", "axe", *clause_tags("a11y.contact-form")),
    help=(
        "Give every field a visible <label> (or aria-label), name every button, and use valid "
        "autocomplete tokens."
    ),
    references=clause_references("a11y.contact-form"),
)
def contact_form(context: LocaleContext) -> Verdict:
    return axe_verdict(context, ("contact_form",), "contact forms")


def _launcher_problems(context: LocaleContext) -> tuple[tuple[str, Evidence], ...]:
    """Launchers axe cannot judge: a <div> or <span> with no role is not a control at all."""
    problems = []
    for audited in audited_pages(context):
        for element in audited.audit.elements:
            if (
                element.kind != "chat_launcher"
                or element.tag in NATIVE_CONTROLS
                or element.role in BUTTON_ROLES
            ):
                continue
            named = f"named '{element.name}'" if element.name else "with no name"
            said = f"the chat launcher is a <{element.tag}> {named} and no button role"
            problems.append((said, element_evidence(context, audited.page, element.selector, element.html)))
    return tuple(problems)


@rule(
    id="a11y.chat-launcher",
    title="The chat launcher has a name, a role, a usable size and contrast",
    failure_title="The chat launcher cannot be identified or used by assistive technology",
    description=(
        "A chat bubble drawn as a bare <div>, or an icon button with no name, is silent to a "
        "screen reader and cannot be found by voice control. axe-core checks the launcher and the "
        "chat's frame (button and link names, frame title, target size of 24 by 24 CSS pixels, "
        "text contrast), inside cross-origin chat frames too; the rule adds what axe does not "
        "flag: a launcher element with no button role. Serious: the chat may be the only way to "
        "reach a person without a phone."
    ),
    impact=Impact.SERIOUS,
    tags=("a11y", "axe", "chat", *clause_tags("a11y.chat-launcher")),
    help=(
        "Make the launcher a <button> with a name ('Chat with us'), at least 24 by 24 CSS pixels, "
        "with enough contrast, and give the chat's <iframe> a title."
    ),
    references=clause_references("a11y.chat-launcher"),
)
def chat_launcher(context: LocaleContext) -> Verdict:
    return axe_verdict(
        context, ("chat_launcher", "chat_frame"), "chat launchers", _launcher_problems(context)
    )


@rule(
    id="a11y.help-links",
    title="Contact and help links have names, contrast and a usable size",
    failure_title="A contact or help link has no name, too little contrast or a tiny target",
    description=(
        "The contact, help, tel: and mailto: links are the start of every support journey. A link "
        "that is only an icon with no name, pale text, or a target too small to hit stops people "
        "who use screen readers, have low vision or tremor. axe-core checks those links only. "
        "Moderate: the same help is often linked elsewhere too."
    ),
    impact=Impact.MODERATE,
    tags=("a11y", "axe", *clause_tags("a11y.help-links")),
    help=(
        "Give icon links a name (aria-label), use text contrast of at least 4.5:1 and targets of "
        "24 by 24 CSS pixels."
    ),
    references=clause_references("a11y.help-links"),
)
def help_links(context: LocaleContext) -> Verdict:
    return axe_verdict(context, ("help_link", "tel_link", "mailto_link"), "contact and help links")
