"""Borderline Streaming: the region-blocked firm, closed to German-speaking visitors.

Expected truth (also in ``FIRM.expected``):

- A visitor whose first Accept-Language is German (``de``, ``de-DE``, ``de-AT``, ``de-CH`` ...)
  gets HTTP 451 on every page (robots.txt aside) with a "not available in your region" page
  that offers no contact channel at all.
- Everyone else gets the site: "Contact" in header and footer → ``/contact`` (depth 1) with
  phone +1 415-555-0134 (``tel:+14155550134``), email support@borderline.test and hours.
"""

from __future__ import annotations

from .._blocks import email_line, hours_line, phone_line
from .._chrome import Brand, article, cards
from .._model import Firm, Handler, Request, Response

BLOCKED_LANGUAGES = ("de",)
BLOCKED_STATUS = 451

BRAND = Brand(
    title="Borderline Streaming",
    accent="#c2185b",
    nav=[("Films", "/films"), ("Series", "/series"), ("Plans", "/plans"), ("Contact", "/contact")],
    footer=[("Contact", "/contact"), ("Plans", "/plans"), ("Privacy", "/privacy")],
)

UNAVAILABLE = BRAND.with_(nav=[], footer=[]).page(
    "Not available in your region",
    article(
        "Borderline is not available in your region",
        "Due to licensing restrictions, our service is not available in your country.",
    ),
)


def unless_blocked(html: str) -> Handler:
    """Serves ``html``, or the 451 page to visitors from a blocked language."""

    def answer(request: Request) -> Response:
        if request.primary_language() in BLOCKED_LANGUAGES:
            return Response(UNAVAILABLE, BLOCKED_STATUS, headers={"Vary": "Accept-Language"})
        return Response(html, headers={"Vary": "Accept-Language"})

    return answer


CONTACT = (
    article("Contact us", "Trouble streaming? Our support team can help.")
    + phone_line("Phone:", "+1 415-555-0134", "+14155550134")
    + email_line("Email:", "support@borderline.test")
    + hours_line("Every day, 8am to midnight Pacific Time.")
)

SITE = {
    "/": BRAND.page(
        "Home",
        cards([("New films", "/films", "Every Friday."), ("Series", "/series", "Binge the lot.")]),
        hero="<h1>Stories without borders*</h1><p>*Some borders apply.</p>",
    ),
    "/films": BRAND.page("Films", article("Films", "Hundreds of films.")),
    "/series": BRAND.page("Series", article("Series", "Dozens of series.")),
    "/plans": BRAND.page("Plans", article("Plans", "Basic $7.99, Premium $15.99.")),
    "/contact": BRAND.page("Contact", CONTACT),
    "/privacy": BRAND.page("Privacy", article("Privacy", "How we use your data.")),
}

FIRM = Firm(
    name="borderline",
    title="Borderline Streaming",
    hosts=("www.borderline.test",),
    pages={path: unless_blocked(html) for path, html in SITE.items()},
    expected={
        "blocked": {"languages": list(BLOCKED_LANGUAGES), "status": BLOCKED_STATUS},
        "contact_depth": 1,
        "contact_url": "www.borderline.test/contact",
        "phones": ["+14155550134"],
        "emails": ["support@borderline.test"],
        "contact_form": False,
        "hours": True,
        "callback": False,
        "chat": [],
        "human_channel": True,
        "help_centre": None,
        "self_service": False,
        "by_language": {
            "de": {
                "contact_depth": None,
                "contact_url": None,
                "phones": [],
                "emails": [],
                "hours": False,
                "human_channel": False,
                "entry_status": BLOCKED_STATUS,
            },
        },
    },
)
