"""Biscotti Bank: the cookie-wall firm, whose pages sit behind a consent overlay.

Expected truth (also in ``FIRM.expected``):

- Until the ``biscotti_consent`` cookie is set, every page carries ``#consent-wall``: a fixed,
  full-screen dialog (``role="dialog"``, ``aria-modal``) over the content, with two plain
  ``<button type="button">``: "Accept all" and "Reject all". Either one sets
  ``biscotti_consent`` (``all`` or ``necessary``) and removes the overlay. With the cookie sent,
  the server leaves the overlay out.
- Behind it, an ordinary site: "Contact" in header and footer → ``/contact`` (depth 1) with phone
  +44 20 7183 8750 (``tel:+442071838750``), email care@biscotti.test, hours and a contact form.
"""

from __future__ import annotations

from .._blocks import CONTACT_FIELDS, email_line, form, hours_line, phone_line, thanks_page
from .._chrome import Brand, article, cards
from .._model import Firm, Handler, Request, Response

COOKIE = "biscotti_consent"

BRAND = Brand(
    title="Biscotti Bank",
    accent="#8a5a00",
    nav=[("Accounts", "/accounts"), ("Mortgages", "/mortgages"), ("Contact", "/contact")],
    footer=[("Contact", "/contact"), ("Cookie policy", "/cookies"), ("Privacy", "/privacy")],
)

CONSENT_WALL = f"""
<div id="consent-wall" role="dialog" aria-modal="true" aria-labelledby="consent-title"
  style="position:fixed;inset:0;z-index:2147483000;background:rgba(15,20,30,.72);display:flex;
  align-items:center;justify-content:center">
  <div style="background:#fff;max-width:32rem;padding:2rem;border-radius:.6rem">
    <h2 id="consent-title">We value your privacy</h2>
    <p>We use cookies to run this site and, with your consent, to measure and improve it.</p>
    <p><button type="button" id="consent-accept">Accept all</button>
       <button type="button" id="consent-reject">Reject all</button></p>
  </div>
</div>
<script>
(function () {{
  document.documentElement.style.overflow = "hidden";
  function decide(value) {{
    document.cookie = "{COOKIE}=" + value + "; path=/; max-age=31536000; SameSite=Lax";
    document.getElementById("consent-wall").remove();
    document.documentElement.style.overflow = "";
  }}
  document.getElementById("consent-accept").addEventListener("click", function () {{ decide("all"); }});
  document.getElementById("consent-reject").addEventListener("click", function () {{ decide("necessary"); }});
}})();
</script>
"""


def walled(title: str, main: str, hero: str = "") -> Handler:
    """A page that shows the consent wall to visitors who have not yet chosen."""

    def answer(request: Request) -> Response:
        wall = "" if COOKIE in request.cookies else CONSENT_WALL
        return Response(BRAND.page(title, main, hero=hero, body_end=wall), headers={"Vary": "Cookie"})

    return answer


CONTACT = (
    article("Contact us", "Questions about your account? We're here to help.")
    + phone_line("Call us:", "+44 20 7183 8750", "+442071838750")
    + email_line("Email:", "care@biscotti.test")
    + hours_line("Open every day, 8am to 10pm.")
    + form("Write to us", CONTACT_FIELDS, "Send", action="/contact/send")
)

FIRM = Firm(
    name="biscotti",
    title="Biscotti Bank",
    hosts=("www.biscotti.test",),
    pages={
        "/": walled(
            "Home",
            cards(
                [
                    ("Current accounts", "/accounts", "No monthly fee."),
                    ("Mortgages", "/mortgages", "Fixed 5y."),
                ]
            ),
            hero="<h1>Banking, baked fresh</h1>",
        ),
        "/accounts": walled("Accounts", article("Current accounts", "Open an account in ten minutes.")),
        "/mortgages": walled("Mortgages", article("Mortgages", "Rates from 3.9% APR.")),
        "/contact": walled("Contact", CONTACT),
        "/contact/send": Response(thanks_page()),
        "/cookies": walled("Cookie policy", article("Cookie policy", "Which cookies we set and why.")),
        "/privacy": walled("Privacy", article("Privacy", "How we use your data.")),
    },
    expected={
        "consent": {
            "overlay": "#consent-wall",
            "accept": "Accept all",
            "reject": "Reject all",
            "cookie": COOKIE,
            "values": {"accept": "all", "reject": "necessary"},
        },
        "contact_depth": 1,
        "contact_url": "www.biscotti.test/contact",
        "phones": ["+442071838750"],
        "emails": ["care@biscotti.test"],
        "contact_form": True,
        "hours": True,
        "callback": False,
        "chat": [],
        "human_channel": True,
        "help_centre": None,
        "self_service": False,
    },
)
