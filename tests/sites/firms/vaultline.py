"""Vaultline Broadband: the login-wall firm, whose contact page is for signed-in customers only.

Expected truth (also in ``FIRM.expected``):

- "Contact us" in header and footer → ``/contact``, which answers 302 to
  ``/login?next=/contact``; so does ``/account/messages`` ("Message us" on help articles).
- ``/login`` is a sign-in form (email, password, "Sign in"); posting it only ever says the
  credentials are wrong, so a crawler can never get past it.
- The help centre (``/help`` and four articles) is public: self-service without a person.
- An anonymous visitor finds no phone, email, form, callback or chat: no human channel.
"""

from __future__ import annotations

from .._blocks import form
from .._chrome import Brand, article, cards, link_list
from .._model import Firm, Request, Response

BRAND = Brand(
    title="Vaultline Broadband",
    accent="#1f5fbf",
    nav=[("Broadband", "/broadband"), ("TV", "/tv"), ("Help", "/help"), ("Contact us", "/contact")],
    footer=[("Help", "/help"), ("Contact us", "/contact"), ("Sign in", "/login"), ("Privacy", "/privacy")],
)

WALLED = ("/contact", "/account/messages")

ARTICLES = {
    "outages": ("Check for outages", "See the live status map for your postcode."),
    "router": ("Restart your router", "Unplug it for 30 seconds, then plug it back in."),
    "bills": ("Your first bill", "Your first bill covers part of a month plus the next month."),
    "moving": ("Moving home", "Tell us your new address 30 days before you move."),
}


def to_login(request: Request) -> Response:
    """Anonymous visitors are sent to sign in first, keeping where they wanted to go."""
    return Response("", 302, headers={"Location": f"/login?next={request.path}"})


LOGIN_FORM = form(
    "Sign in to My Vaultline",
    [("Email address", "email", "email"), ("Password", "password", "password")],
    "Sign in",
    action="/login",
    form_id="login-form",
)


def login(request: Request) -> Response:
    """The sign-in page; a POST always fails, there is no account to log in to."""
    notice = '<p role="alert">That email or password is not right.</p>' if request.method == "POST" else ""
    intro = article("Sign in", "Sign in to contact us, manage your account and see your bills.")
    return Response(BRAND.page("Sign in", intro + notice + LOGIN_FORM))


def _article_page(title: str, text: str) -> str:
    still_stuck = "<h2>Still need help?</h2>" + link_list(
        [("Message us (sign-in required)", "/account/messages")]
    )
    return BRAND.page(title, article(title, text) + still_stuck)


FIRM = Firm(
    name="vaultline",
    title="Vaultline Broadband",
    hosts=("www.vaultline.test",),
    pages={
        "/": BRAND.page(
            "Home",
            cards(
                [("Fibre 500", "/broadband", "Our fastest ever."), ("Vaultline TV", "/tv", "100 channels.")]
            ),
            hero="<h1>Fibre for every home</h1>",
        ),
        "/broadband": BRAND.page("Broadband", article("Broadband", "Full fibre from $25 a month.")),
        "/tv": BRAND.page("TV", article("Vaultline TV", "Live TV and on demand.")),
        "/help": BRAND.page(
            "Help",
            "<h1>Help and support</h1>"
            + cards((title, f"/help/{slug}", text) for slug, (title, text) in ARTICLES.items()),
        ),
        **{f"/help/{slug}": _article_page(title, text) for slug, (title, text) in ARTICLES.items()},
        **{path: to_login for path in WALLED},
        "/login": login,
        "/privacy": BRAND.page("Privacy", article("Privacy", "How we use your data.")),
    },
    expected={
        "login_wall": list(WALLED),
        "login_path": "/login",
        "contact_depth": None,
        "contact_url": None,
        "contact_link_target": "www.vaultline.test/contact",
        "phones": [],
        "emails": [],
        "contact_form": False,
        "hours": False,
        "callback": False,
        "chat": [],
        "human_channel": False,
        "help_centre": None,
        "self_service": True,
    },
)
