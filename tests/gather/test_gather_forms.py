from __future__ import annotations

import pytest

from checker.gather.forms import classify_form, gather_forms
from checker.snapshot import FormFact

from .probes import PAGE_URL, build_probe


def form(
    *fields: tuple[str, str, str], heading: str = "", buttons: tuple[str, ...] = (), **extra
) -> FormFact:
    return FormFact.model_validate(
        {
            "heading": heading,
            "buttons": list(buttons),
            "visible": True,
            "fields": [{"tag": tag, "type": kind, "name": name} for tag, kind, name in fields],
            **extra,
        }
    )


TEXTAREA = ("textarea", "", "message")
EMAIL = ("input", "email", "email")
NAME = ("input", "text", "name")
PHONE = ("input", "tel", "phone")


@pytest.mark.parametrize(
    ("candidate", "kind"),
    [
        (form(NAME, EMAIL, TEXTAREA, buttons=("Send",)), "contact"),
        (
            form(
                ("input", "text", "contact_us[email]"),
                ("textarea", "", "contact_us[comments]"),
                heading="Login",
            ),
            "contact",
        ),
        (form(("select", "", "request[ticket_form_id]"), heading="Submit a request"), "contact"),
        (
            form(NAME, EMAIL, ("input", "text", "your-phone"), heading="Contact Us", buttons=("Send",)),
            "contact",
        ),
        (
            form(("input", "text", "betreff"), ("textarea", "", "text"), EMAIL, heading="Kontaktformular"),
            "contact",
        ),
        (form(("input", "search", "q"), buttons=("Search",)), "other"),
        (form(("input", "text", "searchTerm"), buttons=("Go",)), "other"),
        (form(EMAIL, ("input", "password", "password"), buttons=("Log In",)), "other"),
        (form(EMAIL, heading="Sign up to our newsletter", buttons=("Subscribe",)), "other"),
        (form(("input", "text", "card number"), EMAIL, heading="Checkout", buttons=("Pay now",)), "other"),
        (form(("textarea", "", "Feedback[feedback]"), heading="Site Feedback"), "other"),
        (form(NAME, ("input", "text", "phone"), heading="Перезвоните мне"), "callback"),
        (form(("input", "text", "order_num"), buttons=("Оплатить заказ",)), "other"),
        (
            form(("textarea", "", "habla_offline_body_input"), EMAIL, selector="#habla_offline_message_div"),
            "other",
        ),
        (
            form(
                ("textarea", "", "optionaldata"),
                EMAIL,
                action="https://admin.instantservice.com/servlet/Customer",
            ),
            "other",
        ),
    ],
)
def test_form_kinds(candidate, kind):
    assert classify_form(candidate) == kind


def test_gather_forms_reports_contact_and_callback_forms_and_embedded_ticket_forms():
    probe = build_probe(
        forms=[form(NAME, EMAIL, TEXTAREA).model_dump(), form(NAME, PHONE).model_dump()],
        iframes=[
            {
                "src": "https://support.example.com/widgets/feedback_widget/new?widgetType=embedded",
                "id": "freshwidget-embedded-form",
            }
        ],
    )
    contact_forms, callbacks = gather_forms(probe, PAGE_URL)
    assert len(contact_forms) == 2
    assert len(callbacks) == 1


def test_a_visible_frame_titled_as_a_contact_form_is_one():
    frame = {
        "src": "https://docs.example.org/forms/d/e/xyz/viewform",
        "title": "Contact form",
        "visible": True,
    }
    assert len(gather_forms(build_probe(iframes=[frame]), PAGE_URL)[0]) == 1
    advert = {"src": "https://ads.example.org/x", "title": "Advertisement", "visible": True}
    assert gather_forms(build_probe(iframes=[advert]), PAGE_URL)[0] == []
