"""Local fixture sites: fictional firms served on 127.0.0.1 under ``*.test`` host names.

Typical use::

    with FixtureServer() as sites:
        browser = chromium.launch(args=[f"--host-resolver-rules={sites.host_resolver_rules}"])
        page.goto(sites.entry_url("acme"))
        assert firm("acme").expected["contact_depth"] == 1
"""

from __future__ import annotations

from ._model import Firm, Page, Request, RequestRecord, Response
from .firms import ALL_FIRMS, DEMO_FIRMS, UnknownFirm, firm
from .server import HOST_RESOLVER_RULES, FixtureServer

__all__ = [
    "ALL_FIRMS",
    "DEMO_FIRMS",
    "HOST_RESOLVER_RULES",
    "Firm",
    "FixtureServer",
    "Page",
    "Request",
    "RequestRecord",
    "Response",
    "UnknownFirm",
    "firm",
]
