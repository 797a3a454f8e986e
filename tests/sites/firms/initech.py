"""Initech Cloud: the JavaScript-rendered firm, a single-page app with an Intercom chat snippet.

Expected truth (also in ``FIRM.expected``):

- The server sends the same empty shell (``<div id="app">``) for ``/``, ``/product``,
  ``/pricing``, ``/support`` and ``/contact``. After the load event ``/static/app.js`` fetches
  ``/api/content.json`` (answered after 0.3 s) and builds header, content and footer from it;
  links then route with ``history.pushState``. A crawler that reads raw HTML finds no link.
- Once rendered, "Contact" is in the header and footer (contact depth 1); ``/contact`` shows phone
  +44 20 7946 0000 (``tel:+442079460000``) and email support@initech.test. No form, no
  callback, no hours.
- Intercom markers in every shell: ``window.intercomSettings`` (app_id ``k7x2m9qa``), the
  ``window.Intercom`` stub and a script src on ``widget.intercom.io``. That script never loads
  offline (the host resolver rules send it nowhere), so no launcher appears: markers only.
  Intercom can reach people or its bot, so ``chat_human`` is unknown (None).
"""

from __future__ import annotations

import json
from typing import Any

from .._chrome import esc, stylesheet
from .._model import Firm, Response, firm_file

APP_ID = "k7x2m9qa"
TITLE = "Initech Cloud"
ACCENT = "#4b3fb5"

# Intercom's published install snippet, unchanged apart from the app id.
INTERCOM_SNIPPET = f"""<script>
window.intercomSettings = {{ api_base: "https://api-iam.intercom.io", app_id: "{APP_ID}" }};
</script>
<script>
(function(){{var w=window;var ic=w.Intercom;if(typeof ic==="function"){{ic('reattach_activator');
ic('update',w.intercomSettings);}}else{{var d=document;var i=function(){{i.c(arguments);}};i.q=[];
i.c=function(args){{i.q.push(args);}};w.Intercom=i;var l=function(){{var s=d.createElement('script');
s.type='text/javascript';s.async=true;s.src='https://widget.intercom.io/widget/{APP_ID}';
var x=d.getElementsByTagName('script')[0];x.parentNode.insertBefore(s,x);}};
if(document.readyState==='complete'){{l();}}else if(w.attachEvent){{w.attachEvent('onload',l);}}
else{{w.addEventListener('load',l,false);}}}}}})();
</script>"""

SHELL = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(TITLE)}</title>
<style>{stylesheet(ACCENT)}</style>
<script src="/static/app.js" defer></script>
{INTERCOM_SNIPPET}
</head>
<body>
<div id="app"><noscript>Please enable JavaScript to use Initech Cloud.</noscript></div>
</body>
</html>
"""


def _text(kind: str, text: str) -> dict[str, str]:
    return {"type": kind, "text": text}


CONTENT: dict[str, Any] = {
    "brand": TITLE,
    "legal": "© 2025 Initech Cloud Inc.",
    "nav": [
        {"text": "Product", "href": "/product"},
        {"text": "Pricing", "href": "/pricing"},
        {"text": "Support", "href": "/support"},
        {"text": "Contact", "href": "/contact"},
    ],
    "footer": [
        {"text": "Contact", "href": "/contact"},
        {"text": "Status", "href": "/support"},
        {"text": "Privacy", "href": "/pricing"},
    ],
    "routes": {
        "/": {
            "title": "Home",
            "blocks": [_text("h1", "Reports, without the TPS."), _text("p", "Cloud reporting.")],
        },
        "/product": {
            "title": "Product",
            "blocks": [_text("h1", "Product"), _text("p", "Dashboards and exports.")],
        },
        "/pricing": {
            "title": "Pricing",
            "blocks": [_text("h1", "Pricing"), _text("p", "From $12 per seat.")],
        },
        "/support": {
            "title": "Support",
            "blocks": [
                _text("h1", "Support"),
                _text("p", "Chat with us with the bubble in the corner, or see our contact page."),
                {"type": "links", "links": [{"text": "Contact us", "href": "/contact"}]},
            ],
        },
        "/contact": {
            "title": "Contact",
            "blocks": [
                _text("h1", "Contact us"),
                {"type": "phone", "label": "Phone:", "display": "+44 20 7946 0000", "e164": "+442079460000"},
                {"type": "email", "label": "Email:", "address": "support@initech.test"},
            ],
        },
        "/404": {"title": "Not found", "blocks": [_text("h1", "Page not found")]},
    },
}

FIRM = Firm(
    name="initech",
    title=TITLE,
    hosts=("www.initech.test",),
    pages={
        **{path: SHELL for path in CONTENT["routes"] if path != "/404"},
        "/static/app.js": firm_file("initech", "app.js"),
        "/api/content.json": Response(json.dumps(CONTENT), content_type="application/json", delay=0.3),
    },
    expected={
        "js_rendered": True,
        "contact_depth": 1,
        "contact_url": "www.initech.test/contact",
        "phones": ["+442079460000"],
        "emails": ["support@initech.test"],
        "contact_form": False,
        "hours": False,
        "callback": False,
        "chat": ["intercom"],
        "chat_human": None,
        "chat_markers": ["window.intercomSettings", "widget.intercom.io"],
        "human_channel": True,
        "help_centre": None,
        # The "Support" link in the header counts as a self-service link, as the corpus labels
        # count help and support links, though /support itself is only a hub.
        "self_service": True,
    },
)
