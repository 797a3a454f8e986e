"""The hostile firm's robustness traps: one page per way a crawl can go wrong.

Each trap is small and does one bad thing; ``hostile.py`` links them all from its entry page.
Keys of ``TRAPS`` are the names tests use, values the paths (the TLS trap is a full URL, served by
the ``tls_peer`` server).
"""

from __future__ import annotations

import functools
import json

from .._chrome import Brand, article
from .._model import Page, Request, Response, firm_file

TRAPS: dict[str, str] = {
    "redirect_loop": "/loop/a",
    "stall": "/stall",
    "slow_drip": "/slow",
    "hang_after_dcl": "/hang/after-domcontentloaded",
    "hang_before_dcl": "/hang/inline-script",
    "dialogs": "/dialogs",
    "popups": "/popups",
    "download": "/download/statement.csv",
    "huge_page": "/huge",
    "pdf": "/files/brochure.pdf",
    "json": "/api/status.json",
    "not_found": "/old-page",
    "server_error": "/error",
    "soft_404": "/soft-404",
    "rate_limited": "/busy",
    "unavailable": "/maintenance",
    "robots_disallowed": "/private/contact",
    "tls_untrusted": "https://secure.hostile.test/",
    "xss": "/xss",
}

HUGE_PAGE_BYTES = 5 * 1024 * 1024

BRAND = Brand(
    title="Hostile Corp",
    accent="#6d2077",
    nav=[("Home", "/"), ("Contact", "/contact")],
    footer=[("Contact", "/contact"), ("Privacy", "/private/contact")],
)


def _plain(title: str, body: str, head: str = "") -> str:
    """A bare page for traps whose point is their script, not their looks."""
    return f"<!doctype html><html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


def _rate_limited(request: Request) -> Response:
    """429 the first time on this server, then the page: a crawler should wait and retry."""
    if request.count("busy") == 1:
        return Response(
            "Too many requests, slow down.", 429, headers={"Retry-After": "1"}, content_type="text/plain"
        )
    return Response(BRAND.page("Busy page", article("Busy page", "Thanks for waiting.")))


@functools.lru_cache(maxsize=1)
def huge_page() -> str:
    """About 5 MB of HTML: long text and thousands of in-page links."""
    paragraph = (
        "<p id='p{0}'>Clause {0}: the customer agrees to everything, forever. <a href='#p{0}'>¶</a></p>\n"
    )
    parts = ["<!doctype html><html><head><title>Terms (complete)</title></head><body><h1>Terms</h1>"]
    size, index = len(parts[0]), 0
    while size < HUGE_PAGE_BYTES:
        parts.append(paragraph.format(index))
        size += len(parts[-1])
        index += 1
    parts.append("</body></html>")
    return "".join(parts)


def _huge(request: Request) -> Response:
    return Response(huge_page())


XSS_TITLE = '<script>alert(1)</script> "><img src=x onerror=alert(1)> Hostile Corp'
# Written so that the *text* a probe reads carries the payloads; an unescaping dashboard runs them.
XSS_PAGE = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>{XSS_TITLE}</title>
<meta name="description" content="&quot;&gt;&lt;script&gt;alert('meta')&lt;/script&gt;"></head>
<body>
<h1>&lt;script&gt;alert(1)&lt;/script&gt; Support</h1>
<p>Call us on &lt;img src=x onerror=alert(1)&gt; or write to
&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;</p>
<ul>
<li><a href="/contact">&lt;script&gt;alert(1)&lt;/script&gt;Contact</a></li>
<li><a href="/contact" title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</a></li>
<li><a href="javascript:alert(document.domain)">Contact support (javascript:)</a></li>
<li><a href="JaVaScRiPt:alert(1)" aria-label="&lt;svg onload=alert(1)&gt;">Help</a></li>
<li><a href="mailto:&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@hostile.test">Email</a></li>
<li><a href="tel:+1&lt;script&gt;">Phone &lt;b onmouseover=alert(1)&gt;</a></li>
</ul>
<img src="x" alt="" onerror="document.body.dataset.xss = 'ran'">
</body></html>
"""

TRAP_PAGES: dict[str, Page] = {
    "/loop/a": Response("", 302, headers={"Location": "/loop/b"}),
    "/loop/b": Response("", 302, headers={"Location": "/loop/a"}),
    "/stall": Response(
        "<!doctype html><html><head><title>Loading</title></head><body><h1>Loading", stall=True
    ),
    "/slow": Response(
        "<!doctype html><html><head><title>Slow page</title></head><body>",
        stream=[f"<p>Part {n} of 5</p>" for n in range(1, 6)] + ["</body></html>"],
        stream_interval=0.5,
    ),
    "/hang/after-domcontentloaded": _plain(
        "Hangs after DOMContentLoaded",
        "<h1>Support</h1><p>Loading your options…</p>",
        '<script>document.addEventListener("DOMContentLoaded", function () { while (true) {} });</script>',
    ),
    "/hang/inline-script": _plain(
        "Hangs while parsing", "<h1>Support</h1><script>while (true) {}</script><p>Never parsed.</p>"
    ),
    "/dialogs": _plain(
        "Dialogs",
        "<h1>Welcome</h1><p>We have a question for you.</p>",
        "<script>"
        'window.addEventListener("beforeunload", function (e) { e.preventDefault(); e.returnValue = ""; });'
        'alert("Welcome to Hostile Corp!");'
        'confirm("Subscribe to our newsletter?");'
        'prompt("Your email address?");'
        "</script>",
    ),
    "/popups": _plain(
        "Pop-ups",
        "<h1>Special offer</h1>",
        '<script>window.addEventListener("load", function () {'
        'window.open("/popup-offer", "offer"); window.open("about:blank"); });</script>',
    ),
    "/popup-offer": _plain("Offer", "<h1>50% off!</h1>"),
    "/download/statement.csv": Response(
        "date,amount\n2025-01-01,10.00\n",
        content_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="statement.csv"'},
    ),
    "/huge": _huge,
    "/files/brochure.pdf": firm_file("hostile", "brochure.pdf"),
    "/api/status.json": Response(
        json.dumps({"status": "ok", "support": "/contact"}), content_type="application/json"
    ),
    "/error": Response(_plain("Internal Server Error", "<h1>500</h1><p>Something broke.</p>"), 500),
    "/soft-404": _plain("Page not found", "<h1>Page not found</h1><p>Sorry, this page does not exist.</p>"),
    "/busy": _rate_limited,
    "/maintenance": Response(
        _plain("Down for maintenance", "<h1>Back soon</h1>"), 503, headers={"Retry-After": "120"}
    ),
    "/private/contact": BRAND.page(
        "Private contact",
        article("Staff-only contact", "Not for customers.")
        + '<p><a href="tel:+16505550123">+1 650-555-0123</a> · '
        '<a href="mailto:private@hostile.test">private@hostile.test</a></p>',
    ),
    "/xss": XSS_PAGE,
    "secure.hostile.test/": BRAND.page(
        "Secure portal", article("Secure customer portal", "Sign in securely.")
    ),
}
