"""Acme Energy: the good firm, where every help channel is one click away.

Expected truth (also in ``FIRM.expected``):

- "Contact us" in the header and in the footer of every page, leading to ``/contact``
  (contact depth 1).
- ``/contact``: toll-free phone 1-800-555-0199 (``tel:+18005550199`` and text), email
  help@acme.test, a contact form (name, email, message), service hours, and a "Request a
  callback" link to ``/callback`` with a callback form (name, phone, preferred time).
- Help centre on ``help.acme.test`` with searchable articles (self-service), linked from the
  header ("Help") and the footer.
- No chat widget.
"""

from __future__ import annotations

from .._blocks import CONTACT_FIELDS, email_line, form, hours_line, phone_line, thanks_page
from .._chrome import Brand, article, cards, link_list
from .._model import Firm, Response, firm_file

HELP = "http://help.acme.test/"
WWW = "http://www.acme.test/"

BRAND = Brand(
    title="Acme Energy",
    accent="#0b6e4f",
    logo="/logo.svg",
    nav=[
        ("Home", "/"),
        ("Tariffs", "/tariffs"),
        ("Solar", "/solar"),
        ("Help", HELP),
        ("Contact us", "/contact"),
    ],
    footer=[
        ("About Acme", "/about"),
        ("Contact us", "/contact"),
        ("Help centre", HELP),
        ("Careers", "/careers"),
        ("Privacy policy", "/privacy"),
        ("Terms", "/terms"),
    ],
)
# The help centre is another host, so its links back to the main site must be absolute.
HELP_BRAND = BRAND.with_(
    title="Acme Energy Help Centre",
    logo=None,
    nav=[("Acme Energy", WWW), ("All articles", "/"), ("Contact us", WWW + "contact")],
    footer=[("Contact us", WWW + "contact"), ("Privacy policy", WWW + "privacy")],
)

HELP_ARTICLES = {
    "read-your-meter": ("How to read your meter", "Find the display on your meter and note the digits."),
    "understand-your-bill": (
        "Understanding your bill",
        "Your bill shows usage, unit rates and standing charges.",
    ),
    "moving-home": ("Moving home", "Tell us your moving date two weeks ahead and we'll handle the rest."),
    "payment-options": ("Payment options", "Pay by direct debit, card or bank transfer."),
}

CONTACT = BRAND.page(
    "Contact us",
    article("Contact us", "Our customer service team is here to help with bills, moves and meters.")
    + phone_line("Call us free:", "1-800-555-0199", "+18005550199")
    + email_line("Email:", "help@acme.test")
    + hours_line("Lines are open Monday to Friday 8:00–20:00 and Saturday 9:00–13:00 (ET).")
    + '<p><a class="button" href="/callback">Request a callback</a> and we will call you back at a time '
    "that suits you.</p>" + form("Send us a message", CONTACT_FIELDS, "Send message", action="/contact/send"),
)

CALLBACK = BRAND.page(
    "Request a callback",
    article("Request a callback", "Leave your number and we'll call you back within one working day.")
    + form(
        "Call me back",
        [("Your name", "name", "text"), ("Phone number", "phone", "tel"), ("Preferred time", "time", "text")],
        "Request callback",
        action="/callback/send",
        form_id="callback-form",
    ),
)

HOME = BRAND.page(
    "Home",
    cards(
        [
            ("Fixed tariffs", "/tariffs", "Lock in your price for two years."),
            ("Solar panels", "/solar", "Generate your own energy."),
            ("Moving home?", HELP + "articles/moving-home", "Take Acme with you."),
        ]
    ),
    hero="<h1>Energy that just works</h1><p>Clean power for 2 million homes.</p>",
)


def _help_home() -> str:
    articles = [(title, f"/articles/{slug}", summary) for slug, (title, summary) in HELP_ARTICLES.items()]
    search = (
        '<form role="search" action="/search"><label for="q">Search help</label>'
        '<input id="q" name="q" type="search"></form>'
    )
    return HELP_BRAND.page("Help centre", "<h1>How can we help?</h1>" + search + cards(articles))


def _help_pages() -> dict[str, str]:
    pages = {
        "help.acme.test/": _help_home(),
        "help.acme.test/search": HELP_BRAND.page("Search", article("Search results", "No articles matched.")),
    }
    for slug, (title, summary) in HELP_ARTICLES.items():
        still_stuck = "<h2>Still stuck?</h2>" + link_list([("Contact us", WWW + "contact")])
        pages[f"help.acme.test/articles/{slug}"] = HELP_BRAND.page(
            title, article(title, summary) + still_stuck
        )
    return pages


FIRM = Firm(
    name="acme",
    title="Acme Energy",
    hosts=("www.acme.test", "help.acme.test"),
    pages={
        "/": HOME,
        "/logo.svg": firm_file("acme", "logo.svg"),
        "/contact": CONTACT,
        "/contact/send": Response(thanks_page()),
        "/callback": CALLBACK,
        "/callback/send": Response(thanks_page("Thanks, we'll call you back.")),
        "/tariffs": BRAND.page("Tariffs", article("Tariffs", "Fixed, variable and green tariffs.")),
        "/solar": BRAND.page("Solar", article("Solar panels", "Panels, batteries and installation.")),
        "/about": BRAND.page("About", article("About Acme", "Founded in 1999, powering homes since.")),
        "/careers": BRAND.page("Careers", article("Careers", "Join a team of 4,000 people.")),
        "/privacy": BRAND.page("Privacy", article("Privacy policy", "We process personal data lawfully.")),
        "/terms": BRAND.page("Terms", article("Terms and conditions", "These terms govern your supply.")),
        **_help_pages(),
    },
    expected={
        "contact_depth": 1,
        "contact_url": "www.acme.test/contact",
        "contact_link_regions": ["header", "footer"],
        "phones": ["+18005550199"],
        "emails": ["help@acme.test"],
        "contact_form": True,
        "hours": True,
        "callback": True,
        "chat": [],
        "human_channel": True,
        "help_centre": "help.acme.test",
        "self_service": True,
    },
)
