"""Lockbox Bank: the extension's firm, whose contact page is behind a login a person can pass.

Not in ``ALL_FIRMS``: it exists for the extension's evidence tests (``tests/test_extension_evidence.py``),
where a person signs in, sees what the crawler could not, and sends it as evidence.

- Header and footer link "Contact us" → ``/contact``; an anonymous visitor is sent (302) to
  ``/login?next=/contact``, a sign-in form, so the crawler meets a login wall.
- Posting the form (any email and password) sets the cookie ``lockbox_session`` and sends the
  person on to ``next``; with the cookie ``/contact`` shows a phone line and a message form.
- ``/help`` is public self-service; its "Still stuck?" button draws an Intercom chat only when
  clicked (``window.intercomSettings``, the ``Intercom`` stub and its launcher), which no crawl sees.
- ``/write`` (linked from nowhere) is a message form whose fields have no label at all, for the
  popup's accessibility checks to send and ``a11y.contact-form`` to fail.
- ``/xss`` is public and hostile: an XSS payload in its title, link texts, a tel: link, an email
  link, a form heading and field labels, for the evidence review page to escape.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from .._blocks import email_line, form, phone_line
from .._chrome import Brand, article
from .._model import Firm, Request, Response

SESSION_COOKIE = "lockbox_session"
PHONE_DISPLAY, PHONE_E164 = "1-800-555-0142", "+18005550142"
XSS = '"><script>window.__pwned=1;alert(1)</script><img src=x onerror="window.__pwned=1">'

BRAND = Brand(
    title="Lockbox Bank",
    accent="#7a3ec2",
    nav=[("Accounts", "/accounts"), ("Help", "/help"), ("Contact us", "/contact")],
    footer=[("Help", "/help"), ("Contact us", "/contact"), ("Sign in", "/login")],
)

LOGIN_FORM = (
    '<section><h2>Sign in to Lockbox</h2><form id="login-form" method="post" action="/login?next=/contact">'
    '<label for="login-email">Email address</label>'
    '<input id="login-email" name="email" type="email" required>'
    '<label for="login-password">Password</label>'
    '<input id="login-password" name="password" type="password" required>'
    '<p><button type="submit">Sign in</button></p></form></section>'
)

CONTACT_FOR_CUSTOMERS = (
    article("Contact us", "As a Lockbox customer you can reach our team directly.")
    + phone_line("Call us:", PHONE_DISPLAY, PHONE_E164)
    + form(
        "Send us a message",
        [("Your name", "name", "text"), ("How can we help?", "message", "textarea")],
        "Send message",
        action="/contact",
    )
)

CHAT_BUTTON = (
    '<p><button id="start-chat" type="button">Still stuck?</button></p><script src="/assets/app.js"></script>'
)
# Served as a plain script (no inline text for a crawler to fingerprint): the chat exists only once clicked.
CHAT_ON_CLICK = """document.getElementById("start-chat").addEventListener("click", function () {
  window.intercomSettings = { app_id: "lbx42chat" };
  window.Intercom = function () { (window.Intercom.q = window.Intercom.q || []).push(arguments); };
  var launcher = document.createElement("div");
  launcher.className = "intercom-lightweight-app-launcher intercom-launcher";
  launcher.setAttribute("role", "button");
  launcher.setAttribute("aria-label", "Open Intercom Messenger");
  launcher.style.cssText = "position:fixed;bottom:20px;right:20px;width:60px;height:60px;background:#7a3ec2";
  document.body.appendChild(launcher);
});
"""


def signed_in(request: Request) -> bool:
    return request.cookies.get(SESSION_COOKIE) == "person"


def contact(request: Request) -> Response:
    """Customers see how to reach a person; anyone else is sent to sign in first."""
    if not signed_in(request):
        return Response("", 302, headers={"Location": "/login?next=/contact"})
    return Response(BRAND.page("Contact us", CONTACT_FOR_CUSTOMERS))


def login(request: Request) -> Response:
    """The sign-in page; posting it signs anyone in and sends them where they were going."""
    if request.method == "POST":
        target = parse_qs(request.query).get("next", ["/"])[0]
        target = target if target.startswith("/") and not target.startswith("//") else "/"
        return Response(
            "", 303, headers={"Location": target, "Set-Cookie": f"{SESSION_COOKIE}=person; Path=/; HttpOnly"}
        )
    intro = article("Sign in", "Sign in to contact us and manage your accounts.")
    return Response(BRAND.page("Sign in", intro + LOGIN_FORM))


UNLABELLED_FORM = (
    article("Write to us", "We answer within two working days.")
    + '<form id="write-form" method="post" action="/write"><h2>Your message</h2>'
    '<input type="text" name="name"><textarea name="message"></textarea>'
    '<button type="submit">Send</button></form>'
)

HOSTILE_PAGE = f"""<!doctype html><html><head><title>{XSS} Lockbox offers</title></head><body>
<main><h1>{XSS}</h1>
<p><a href="/contact">{XSS}Contact us</a></p>
<p><a href="tel:+18005550142">{XSS}1-800-555-0142</a></p>
{email_line(XSS, "offers@lockbox.test")}
<form id="xss-form" method="post" action="/xss"><h2>{XSS}</h2>
<label for="xss-note">{XSS}</label><textarea id="xss-note" name="note"></textarea>
<button type="submit">{XSS}</button></form>
</main></body></html>"""

FIRM = Firm(
    name="lockbox",
    title="Lockbox Bank",
    hosts=("www.lockbox.test",),
    pages={
        "/": BRAND.page("Home", article("Banking, locked tight", "Savings and current accounts.")),
        "/accounts": BRAND.page("Accounts", article("Accounts", "Savings at 3.1%.")),
        "/help": BRAND.page(
            "Help", article("Help", "Answers to common questions about your account.") + CHAT_BUTTON
        ),
        "/assets/app.js": Response(CHAT_ON_CLICK, content_type="text/javascript; charset=utf-8"),
        "/contact": contact,
        "/login": login,
        "/write": BRAND.page("Write to us", UNLABELLED_FORM),
        "/xss": HOSTILE_PAGE,
    },
    expected={"login_wall": ["/contact"], "login_path": "/login", "phones": [], "human_channel": False},
)
