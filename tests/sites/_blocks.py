"""Content blocks that recur on fixture contact pages: phone lines, email links, forms.

Contact details are written the way real sites write them (a ``tel:`` link whose text is the
number as people read it, a ``mailto:`` link, a labelled form) so the probe meets familiar
markup; the helpers only save each firm from spelling that markup out again.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._chrome import esc

FormField = tuple[str, str, str]  # (label, name, type); type "textarea" makes a <textarea>

CONTACT_FIELDS: tuple[FormField, ...] = (
    ("Your name", "name", "text"),
    ("Email address", "email", "email"),
    ("How can we help?", "message", "textarea"),
)


def phone_line(label: str, display: str, e164: str) -> str:
    """A paragraph with a label and a ``tel:`` link showing the number as printed."""
    return f'<p class="phone">{esc(label)} <a href="tel:{esc(e164)}">{esc(display)}</a></p>'


def email_line(label: str, address: str) -> str:
    return f'<p class="email">{esc(label)} <a href="mailto:{esc(address)}">{esc(address)}</a></p>'


def hours_line(text: str) -> str:
    return f'<p class="hours">{esc(text)}</p>'


def form(
    heading: str,
    fields: Sequence[FormField],
    submit: str,
    *,
    action: str,
    form_id: str = "contact-form",
) -> str:
    """A labelled POST form under an ``<h2>``; every field required, as contact forms do."""
    rows = []
    for label, name, kind in fields:
        field_id = f"{form_id}-{name}"
        if kind == "textarea":
            control = f'<textarea id="{field_id}" name="{esc(name)}" rows="5" required></textarea>'
        else:
            control = f'<input id="{field_id}" name="{esc(name)}" type="{esc(kind)}" required>'
        rows.append(f'<label for="{field_id}">{esc(label)}</label>{control}')
    return (
        f'<section><h2>{esc(heading)}</h2><form id="{esc(form_id)}" method="post" action="{esc(action)}">'
        + "".join(rows)
        + f'<p><button type="submit">{esc(submit)}</button></p></form></section>'
    )


def thanks_page(text: str = "Thank you, your message has been sent.") -> str:
    """What a form POST answers; fixtures never store submissions."""
    return f"<!doctype html><title>Thank you</title><p>{esc(text)}</p>"
