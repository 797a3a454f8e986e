"""Hostile Corp: the firm that tries to break the crawler; every trap is linked from its entry page.

Expected truth (also in ``FIRM.expected``; trap pages in ``_traps.py``):

- ``expected["traps"]`` maps a trap name to its path: redirect loop, a page that stalls
  mid-body until the client leaves, a page that trickles in over 3 s, scripts that hang the
  renderer after and before DOMContentLoaded, alert/confirm/prompt/beforeunload dialogs,
  ``window.open`` pop-ups on load, a CSV download (``Content-Disposition: attachment``), a 5 MB
  page, a PDF, a JSON document, a 404, a 500, a soft 404 (200 "Page not found"), 429 with
  ``Retry-After: 1`` on the first request then 200, a 503 with ``Retry-After: 120``, a page under
  robots.txt's ``Disallow: /private/`` and an XSS page.
- ``tls_untrusted`` is ``https://secure.hostile.test/``: it meets an untrusted certificate only
  when a ``FixtureServer(tls=True)`` runs and is passed as ``tls_peer``; without one the link
  has no port and the connection is refused.
- The real channel: "Contact" in header and footer → ``/contact`` (depth 1) with email
  support@hostile.test only. The phone and email on ``/private/contact`` must not be reported
  by a crawler that obeys robots.txt. The entry page also has a ``javascript:`` "Live chat"
  link and an XSS payload as a link text.
"""

from __future__ import annotations

from .._blocks import email_line
from .._chrome import article, esc
from .._model import Firm
from ._traps import BRAND, TRAP_PAGES, TRAPS

ROBOTS = "User-agent: *\nDisallow: /private/\n"


def _entry() -> str:
    trap_links = "".join(
        f'<li><a href="{esc(target)}">{esc(name.replace("_", " ").capitalize())}</a></li>'
        for name, target in TRAPS.items()
    )
    return BRAND.page(
        "Welcome",
        "<h1>Hostile Corp</h1><p>Everything a crawler could wish for.</p>"
        f"<ul>{trap_links}</ul>"
        '<p><a href="javascript:void(0)">Live chat</a> · '
        '<a href="/xss">&quot;&gt;&lt;img src=x onerror=alert(1)&gt; Security advisories</a></p>',
    )


CONTACT = BRAND.page(
    "Contact",
    article("Contact us", "We read every message, eventually.")
    + email_line("Email:", "support@hostile.test"),
)

FIRM = Firm(
    name="hostile",
    title="Hostile Corp",
    hosts=("www.hostile.test", "secure.hostile.test"),
    robots=ROBOTS,
    pages={"/": _entry(), "/contact": CONTACT, **TRAP_PAGES},
    expected={
        "traps": dict(TRAPS),
        "robots_disallow": ["/private/"],
        "contact_depth": 1,
        "contact_url": "www.hostile.test/contact",
        "phones": [],
        "emails": ["support@hostile.test"],
        "disallowed_phones": ["+16505550123"],
        "contact_form": False,
        "hours": False,
        "callback": False,
        "chat": [],
        "human_channel": True,
        "help_centre": None,
        "self_service": False,
    },
)
