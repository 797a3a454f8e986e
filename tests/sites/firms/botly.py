"""Botly Insurance: the chatbot-only firm, where the only "contact" is a virtual assistant.

Expected truth (also in ``FIRM.expected``):

- No phone, no email, no contact form, no callback anywhere.
- Every page has a fixed launcher ``#va-launcher`` ("Chat with Nova, our virtual assistant")
  from the self-hosted ``/static/assistant.js``; the panel it opens says Nova is an
  AI-powered virtual assistant that cannot connect you to a human agent. No known vendor:
  chat vendor ``generic``, and it is a bot (``chat_human`` False).
- "Contact" in the footer → ``/contact`` (depth 1), which only points at Nova and the FAQ.
- FAQ pages (``/faq`` and three topics) are the self-service.
"""

from __future__ import annotations

from .._chrome import Brand, article, cards, link_list
from .._model import Firm, firm_file

BRAND = Brand(
    title="Botly Insurance",
    accent="#00806a",
    nav=[("Car", "/car"), ("Home", "/home-insurance"), ("Claims", "/faq/claims"), ("FAQ", "/faq")],
    footer=[("FAQ", "/faq"), ("Contact", "/contact"), ("Privacy", "/privacy")],
)

LAUNCHER = """
<style>
.va-launcher { position: fixed; right: 1.5rem; bottom: 1.5rem; border-radius: 2rem; z-index: 1000;
  box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.va-panel { position: fixed; right: 1.5rem; bottom: 5rem; width: 22rem; background: #fff; z-index: 1000;
  border: 1px solid #ccd; border-radius: .6rem; padding: 1rem; box-shadow: 0 8px 24px rgba(0,0,0,.2); }
</style>
<button type="button" id="va-launcher" class="va-launcher"
  aria-label="Chat with Nova, our virtual assistant">Ask Nova (virtual assistant)</button>
<script src="/static/assistant.js"></script>
"""

FAQ_TOPICS = {
    "claims": ("Claims", "Report a claim online in five minutes. Keep photos of the damage."),
    "billing": ("Billing", "Premiums are charged monthly on the date you chose."),
    "policy": ("Your policy", "Change your cover or your car in My account."),
}


def page(title: str, main: str, hero: str = "") -> str:
    """A Botly page: the shared chrome plus the assistant launcher."""
    return BRAND.page(title, main, hero=hero, body_end=LAUNCHER)


CONTACT = page(
    "Contact",
    article(
        "Contact us",
        "The fastest way to get help is Nova, our virtual assistant, available 24/7.",
        "Most questions are answered in our FAQ.",
    )
    + '<p><button type="button" data-open-assistant>Chat with Nova</button></p>'
    + link_list([("Read the FAQ", "/faq")]),
)

FIRM = Firm(
    name="botly",
    title="Botly Insurance",
    hosts=("www.botly.test",),
    pages={
        "/": page(
            "Insurance made simple",
            cards(
                [("Car insurance", "/car", "From $19 a month."), ("Home insurance", "/home-insurance", "")]
            ),
            hero="<h1>Insurance, answered instantly</h1>",
        ),
        "/car": page("Car insurance", article("Car insurance", "Cover that fits the way you drive.")),
        "/home-insurance": page("Home insurance", article("Home insurance", "Buildings and contents.")),
        "/faq": page(
            "FAQ",
            "<h1>Frequently asked questions</h1>"
            + cards((title, f"/faq/{slug}", summary) for slug, (title, summary) in FAQ_TOPICS.items()),
        ),
        **{f"/faq/{slug}": page(title, article(title, text)) for slug, (title, text) in FAQ_TOPICS.items()},
        "/contact": CONTACT,
        "/privacy": page("Privacy", article("Privacy", "How we handle your data.")),
        "/static/assistant.js": firm_file("botly", "assistant.js"),
    },
    expected={
        "contact_depth": 1,
        "contact_url": "www.botly.test/contact",
        "phones": [],
        "emails": [],
        "contact_form": False,
        "hours": False,
        "callback": False,
        "chat": ["generic"],
        "chat_human": False,
        "chat_launcher": "#va-launcher",
        "human_channel": False,
        "help_centre": None,
        "self_service": True,
    },
)
