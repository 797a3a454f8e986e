"""Reading fixture sites without a browser: one request, the links of a page, click depth.

Tests use these to check that a firm's ``expected`` matches what its pages really serve, and a
crawler test can use ``shortest_depth`` to state what a breadth-first crawl would reach. Only
plain-HTML links count: a JavaScript-rendered firm has none here, which is its point.
"""

from __future__ import annotations

import http.client
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from ._model import Firm
from .server import FixtureServer

REDIRECTS = (301, 302, 303, 307, 308)


def fetch(
    server: FixtureServer, host: str, path: str = "/", *, method: str = "GET", **headers: str
) -> tuple[int, dict[str, str], str]:
    """One request to ``server`` with ``Host: host``; header names are given with underscores."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        sent = {"Host": f"{host}:{server.port}", **{k.replace("_", "-"): v for k, v in headers.items()}}
        connection.request(method, path, headers=sent)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


class _Links(HTMLParser):
    """Collects ``<a href>`` values in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_on(server: FixtureServer, host: str, path: str, **headers: str) -> list[tuple[str, str]]:
    """(host, path) of the http links on a page that stay on ``server``, following redirects."""
    for _ in range(5):
        status, response_headers, body = fetch(server, host, path, **headers)
        if status not in REDIRECTS:
            break
        path = urlsplit(urljoin(f"http://{host}{path}", response_headers["location"])).path
    parser = _Links()
    parser.feed(body)
    found = []
    for href in parser.hrefs:
        url = urlsplit(urljoin(f"http://{host}:{server.port}{path}", href))
        if (
            url.scheme == "http"
            and url.hostname in server.hosts
            and robots_allow(server, url.hostname, url.path)
        ):
            found.append((url.hostname, url.path))
    return found


def robots_allow(server: FixtureServer, host: str, path: str) -> bool:
    """Whether the firm's robots.txt (``User-agent: *`` only, as all fixtures use) allows ``path``."""
    owner = next(each for each in server.firms.values() if host in each.hosts)
    prefixes = [
        line.split(":", 1)[1].strip()
        for line in owner.robots.splitlines()
        if line.lower().startswith("disallow:")
    ]
    return not any(prefix and path.startswith(prefix) for prefix in prefixes)


def shortest_depth(
    server: FixtureServer, chosen: Firm, target: str, budget: int = 500, **headers: str
) -> int | None:
    """Clicks from the entry page to ``target`` (``host/path``) for a breadth-first crawl that
    opens links in document order and stops after ``budget`` pages; None if it never gets there.

    On the hostile firm, a walk that goes past the contact page opens traps (``/stall`` waits
    out the 10 s timeout).
    """
    start = (chosen.entry_host, chosen.entry_path)
    depth = {start: 0}
    queue = deque([start])
    opened = 0
    while queue and opened < budget:
        host, path = queue.popleft()
        if f"{host}{path}" == target:
            return depth[(host, path)]
        opened += 1
        for link in links_on(server, host, path, **headers):
            if link not in depth:
                depth[link] = depth[(host, path)] + 1
                queue.append(link)
    return None
