"""Tells message forms (a way to write to the company) from search, login, newsletter and other forms.

A contact form has somewhere to write the message (a textarea or a field called message, question,
comment...) and a way to answer (email or phone), or it says it is one ("Submit a request",
"Kontaktformular") even when script will add its fields later. A form that only takes a name and
a phone number is a callback request, not a message form. Forms belonging to a chat widget (its
pre-chat or offline form) are the chat's, not a contact form. Help-desk forms embedded in an
iframe count too; their patterns are data in ``checker/fingerprints/form_embeds.json``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from checker.channels import CallbackChannel, ContactFormChannel
from checker.gather.chat import load_vendors
from checker.gather.lexicon import matcher, normalize
from checker.snapshot import FieldFact, FormFact, ProbeResult

FORM_EMBEDS_PATH = Path(__file__).resolve().parent.parent / "fingerprints" / "form_embeds.json"
_EMAIL_FIELD = re.compile(r"e-?mail|courriel|correo|e-?post|почт", re.IGNORECASE)
_PHONE_FIELD = re.compile(
    r"(?<![a-zа-я])(phone|tel|telephone|telefon\w*|telefoon\w*|fone|mobil\w*|handy|cell|телефон\w*"
    r"|contact number)(?![a-zа-я])",
    re.IGNORECASE,
)
_SEARCH_NAMES = frozenset(
    {"q", "s", "query", "search", "searchterm", "keyword", "keywords", "term", "k", "ntt"}
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SEPARATORS = re.compile(r"[_\-\[\]\.$:]+")


@lru_cache(maxsize=1)
def _embed_patterns() -> tuple[re.Pattern[str], ...]:
    raw = json.loads(FORM_EMBEDS_PATH.read_text(encoding="utf-8"))
    return tuple(re.compile(entry["pattern"], re.IGNORECASE) for entry in raw["patterns"])


def _field_text(field: FieldFact) -> str:
    """Everything that names a field, as words: ``contact_us[first_name]`` → ``contact us first name``."""
    names = " ".join((field.name, field.id))
    words = _SEPARATORS.sub(" ", _CAMEL.sub(" ", names))
    return f"{words} {field.label} {field.placeholder} {field.autocomplete}"


def _is_message(field: FieldFact) -> bool:
    if field.tag == "textarea":
        return True
    return field.type in ("text", "") and bool(matcher("message_field").search(_field_text(field)))


def _is_email(field: FieldFact) -> bool:
    return (
        field.type == "email"
        or field.autocomplete == "email"
        or bool(_EMAIL_FIELD.search(_field_text(field)))
    )


def _is_phone(field: FieldFact) -> bool:
    return field.type == "tel" or field.autocomplete == "tel" or bool(_PHONE_FIELD.search(_field_text(field)))


def is_search_field(field: FieldFact) -> bool:
    """A field that takes a search query (type search, or a name such as q or query)."""
    if field.type == "search" or field.name.lower() in _SEARCH_NAMES:
        return True
    return bool(matcher("search_form").search(f"{field.label} {field.placeholder}"))


def _claimed_by_chat(form: FormFact) -> bool:
    """A chat widget's own pre-chat or offline form (Olark's ``habla_*``, InstantService's servlet)."""
    element_id = form.selector.rsplit("#", 1)[-1].split(" ")[0] if "#" in form.selector else ""
    for vendor in load_vendors():
        if element_id and any(pattern.search(element_id) for pattern in vendor.markers):
            return True
        host = re.sub(r"^[a-z]+://", "", form.action.lower()).split("/")[0]
        if host and any(host == suffix or host.endswith("." + suffix) for suffix in vendor.hosts):
            return True
    return False


def _form_words(form: FormFact) -> str:
    return normalize(" ".join([form.heading, *form.buttons]))


def classify_form(form: FormFact) -> str:
    """``contact``, ``callback`` or ``other`` (search, login, newsletter, checkout, review, chat...)."""
    fields = [field for field in form.fields if field.type not in ("checkbox", "radio", "file")]
    if _claimed_by_chat(form) or any(field.type == "password" for field in form.fields):
        return "other"
    words = _form_words(form)
    says_contact = bool(matcher("contact_form").search(words, normalized=True))
    says_newsletter = bool(matcher("newsletter_form").search(words, normalized=True))
    says_other = any(
        matcher(concept).search(words, normalized=True)
        for concept in ("checkout_form", "review_form", "login_form", "registration_form")
    )
    messages = [field for field in fields if _is_message(field)]
    reply = any(_is_email(field) or _is_phone(field) for field in fields)
    typed = [field for field in fields if field.tag != "select"]
    if typed and all(is_search_field(field) for field in typed) and not messages:
        return "other"
    # The heading is the nearest one before the form and may belong to a neighbour ("Login"), so only
    # the form's own buttons can veto a form that has a message field and a way to answer.
    buttons_say_other = any(
        matcher(concept).search(normalize(" ".join(form.buttons)), normalized=True)
        for concept in ("checkout_form", "review_form", "login_form", "registration_form")
    )
    if messages and reply and not buttons_say_other:
        return "contact"
    if messages and says_contact and not says_other:
        return "contact"
    if says_contact and not says_newsletter and not says_other and fields and not messages:
        named_reply = any(_is_email(field) for field in fields) or any(f.tag == "select" for f in fields)
        if named_reply:
            return "contact"
    phones = [field for field in fields if _is_phone(field)]
    if phones and not messages and not any(_is_email(field) for field in fields):
        return "callback"
    if matcher("callback_button").search(words, normalized=True) and phones:
        return "callback"
    return "other"


def gather_forms(probe: ProbeResult, page_url: str) -> tuple[list[ContactFormChannel], list[CallbackChannel]]:
    """Contact forms and callback-request forms on the page (a callback form with a message is both)."""
    contact_forms: list[ContactFormChannel] = []
    callback_forms: list[CallbackChannel] = []
    seen: set[tuple[str, ...]] = set()
    for form in probe.forms:
        signature = (form.action, *(field.name for field in form.fields))
        if signature in seen:
            continue
        seen.add(signature)
        kind = classify_form(form)
        field_names = [field.label or field.name or field.placeholder for field in form.fields]
        excerpt = form.heading or " ".join(form.buttons)
        if kind == "contact":
            contact_forms.append(
                ContactFormChannel(
                    url=page_url, selector=form.selector, snippet=excerpt[:160], fields=field_names
                )
            )
            if matcher("callback").search(excerpt):
                callback_forms.append(
                    CallbackChannel(
                        url=page_url, selector=form.selector, snippet=excerpt[:160], text=excerpt[:160]
                    )
                )
        elif kind == "callback":
            callback_forms.append(
                CallbackChannel(
                    url=page_url,
                    selector=form.selector,
                    snippet=excerpt[:160],
                    text="form asking for a phone number to call back",
                )
            )
    for frame in probe.iframes:
        target = f"{frame.src} {frame.id} {frame.name}"
        # A visible frame whose title names a contact form (Google Forms, Typeform ...) counts too.
        titled = frame.visible and bool(frame.title) and bool(matcher("contact_form").search(frame.title))
        if titled or any(pattern.search(target) for pattern in _embed_patterns()):
            contact_forms.append(
                ContactFormChannel(
                    url=page_url,
                    selector=f"iframe#{frame.id}" if frame.id else "iframe",
                    snippet=frame.title or frame.src[:160],
                )
            )
    return contact_forms, callback_forms
