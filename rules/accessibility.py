"""Rules on the accessibility of the support path, from axe-core's results (WCAG 2.2 A and AA).

axe-core ran in the browser, scoped to the page's support elements and saved in the snapshots
(``checker/a11y``), so these rules judge saved results and re-judging needs no browser. A page's
own accessibility is out of scope: only the contact forms, chat launchers and frames, and the
contact, help, ``tel:`` and ``mailto:`` links are judged.
"""

from __future__ import annotations

from dataclasses import replace

from rules._audits import audited_pages, element_evidence
from rules._axe_verdict import axe_verdict
from rules._clauses import clause_references, clause_tags
from rules.context import LocaleContext
from rules.evidence import MAX_EVIDENCE
from rules.model import Evidence, Impact, Outcome, Verdict
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
        "'incomplete') the rule needs review. A form made of steps that asks in a later step for "
        "what an earlier step asked (the same autocomplete purpose or field name), or whose later "
        "steps are not in the page until it is filled in, needs review under 3.3.7 Redundant Entry: "
        "whether the later step fills the answer in cannot be seen without typing, which is never done."
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
    verdict = axe_verdict(context, ("contact_form",), "contact forms")
    doubts, forms = _redundant_entry(context)
    if not forms:
        return verdict
    details = {**verdict.details, "multi_step_forms": forms}
    if verdict.outcome is Outcome.PASS and not doubts:
        said = f"{verdict.message} The {len(forms)} form(s) made of steps ask for no field twice (3.3.7)."
        return replace(verdict, message=said, details=details)
    if verdict.outcome is Outcome.FAIL or not doubts:
        return replace(verdict, details=details)
    reason = (
        "; ".join(said for said, _ in doubts[:3]) + ": whether a later step fills in what was entered "
        "before, or offers it to select, can only be seen by filling the form in (WCAG 3.3.7)"
    )
    evidence = (*verdict.evidence, *(evidence for _, evidence in doubts))[:MAX_EVIDENCE]
    return Verdict(Outcome.NEEDS_REVIEW, f"{verdict.message} Also, {reason}.", evidence, details)


def _redundant_entry(context: LocaleContext) -> tuple[list[tuple[str, Evidence]], list[dict[str, object]]]:
    """Multi-step contact forms: fields a later step asks again, and steps not in the page yet (3.3.7)."""
    doubts: list[tuple[str, Evidence]] = []
    forms: list[dict[str, object]] = []
    for audited in audited_pages(context):
        url = audited.page.url
        for form in audited.audit.forms:
            forms.append({"url": url, **form.model_dump()})
            for field in form.repeated:
                said = (
                    f"the form on {url} asks for '{field.key}' in step {field.first_step} and again "
                    f"in step {field.again_step}"
                )
                doubts.append((said, element_evidence(context, audited.page, field.again, field.key)))
            if form.later_steps_missing:
                said = (
                    f"the form on {url} names {form.promised_steps} steps but the page holds "
                    f"{max(form.steps, 1)}, so what the later ones ask is not in the page"
                )
                doubts.append((said, element_evidence(context, audited.page, form.form, "")))
    return doubts, forms


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
