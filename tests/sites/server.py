"""One local HTTP(S) server on 127.0.0.1 that serves every fixture firm, routed by Host.

Chromium is started with ``--host-resolver-rules`` so that ``www.acme.test`` and
``help.acme.test`` reach this one socket; the Host header says which firm and which page. Each
connection gets its own thread, so a page that stalls or trickles never holds up another, and
``stop()`` closes every open connection so a stalled client cannot keep a test run alive.

Firm pages write cross-host links naturally (``http://help.acme.test/``); the server adds its
port when it sends them. ``https://`` links go to ``tls_peer``, a second server started with
``tls=True`` whose certificate no browser trusts.
"""

from __future__ import annotations

import mimetypes
import re
import ssl
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from ._model import Firm, Page, Request, RequestRecord, Response, _Counters
from ._transport import ConnectionServer

# Vendor scripts in fixtures (widget.intercom.io ...) must fail fast and never leave the machine.
HOST_RESOLVER_RULES = "MAP *.test 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"

_TEST_LINK = re.compile(r"\b(https?)://((?:[a-z0-9-]+\.)+test)(?![a-z0-9.:-])", re.IGNORECASE)


class FixtureServer:
    """Serves fixture firms on 127.0.0.1; use as a context manager or call start()/stop().

    Args:
        firms: the firms to serve; None serves all of them.
        tls: serve HTTPS with a certificate from a throwaway CA (``ca_cert_pem``).
        port: the port to bind; 0 picks a free one.
        tls_peer: a ``tls=True`` server that ``https://*.test`` links should point at.
    """

    host_resolver_rules: str = HOST_RESOLVER_RULES

    def __init__(
        self,
        firms: Iterable[Firm] | None = None,
        *,
        tls: bool = False,
        port: int = 0,
        tls_peer: FixtureServer | None = None,
    ) -> None:
        if firms is None:
            from .firms import ALL_FIRMS

            firms = ALL_FIRMS
        self.firms: dict[str, Firm] = {firm.name: firm for firm in firms}
        self._by_host = {host: firm for firm in self.firms.values() for host in firm.hosts}
        self.tls = tls
        self.port = port
        self.tls_peer = tls_peer
        self.ca_cert_pem: bytes | None = None
        self.ssl_context = self._make_ssl_context() if tls else None
        self._lock = threading.Lock()
        self._requests: list[RequestRecord] = []
        self._in_flight: dict[str, int] = {}
        self._max_in_flight: dict[str, int] = {}
        self._counters = {name: _Counters() for name in self.firms}
        self.stopping = threading.Event()
        self._httpd: ConnectionServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> FixtureServer:
        if self._httpd is not None:
            return self
        self.stopping.clear()
        self._httpd = ConnectionServer(("127.0.0.1", self.port), self)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fixture-server", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stops accepting, wakes stalled pages, closes open connections, joins the threads."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        self.stopping.set()
        httpd.shutdown()
        httpd.close_all_connections()
        httpd.server_close()
        deadline = time.monotonic() + timeout
        for thread in [self._thread, *httpd.handler_threads()]:
            if thread is not None:
                thread.join(max(0.0, deadline - time.monotonic()))

    def __enter__(self) -> FixtureServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- addresses ---------------------------------------------------------------------------

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"

    def url(self, host: str, path: str = "/") -> str:
        """``http://www.acme.test:PORT/path`` (``https`` on a TLS server)."""
        if self._httpd is None:
            raise RuntimeError("FixtureServer is not running: call start() or use it in a with block")
        return f"{self.scheme}://{host}:{self.port}{path}"

    def entry_url(self, firm_name: str) -> str:
        """Where a crawl of ``firm_name`` starts."""
        try:
            chosen = self.firms[firm_name]
        except KeyError:
            raise KeyError(f"no firm {firm_name!r} on this server; serving {sorted(self.firms)}") from None
        return self.url(chosen.entry_host, chosen.entry_path)

    # -- observations ------------------------------------------------------------------------

    @property
    def requests(self) -> list[RequestRecord]:
        """A copy of the request log, oldest first."""
        with self._lock:
            return list(self._requests)

    @property
    def max_in_flight(self) -> dict[str, int]:
        """Most requests seen at once per host, since start or the last ``clear_log()``."""
        with self._lock:
            return dict(self._max_in_flight)

    def requests_to(self, host: str) -> list[RequestRecord]:
        return [record for record in self.requests if record.host == host]

    @property
    def hosts(self) -> frozenset[str]:
        """Every host name this server answers for."""
        return frozenset(self._by_host)

    @property
    def in_flight(self) -> dict[str, int]:
        """Requests being answered right now, per host."""
        with self._lock:
            return dict(self._in_flight)

    def wait_until_idle(self, timeout: float = 3.0) -> None:
        """Waits until no request is being answered.

        A client has its whole response before the handler thread counts the request out,
        so a test that reads ``in_flight`` or clears the log right after its fetches returned
        must wait for that last step first.
        """
        deadline = time.monotonic() + timeout
        while any(self.in_flight.values()):
            if time.monotonic() > deadline:
                raise TimeoutError(f"requests still in flight after {timeout} s: {self.in_flight}")
            time.sleep(0.02)

    def clear_log(self) -> None:
        with self._lock:
            self._requests.clear()
            self._max_in_flight = dict(self._in_flight)

    # -- used by the transport -----------------------------------------------------------------

    def arrive(self, record: RequestRecord) -> None:
        """Logs a request and counts it in flight (called by the transport)."""
        with self._lock:
            self._requests.append(record)
            count = self._in_flight.get(record.host, 0) + 1
            self._in_flight[record.host] = count
            self._max_in_flight[record.host] = max(count, self._max_in_flight.get(record.host, 0))

    def leave(self, host: str) -> None:
        with self._lock:
            self._in_flight[host] -= 1

    def answer(self, method: str, host: str, path: str, query: str, headers: dict[str, str]) -> Response:
        """The Response for a request, without any socket: also handy in tests."""
        chosen = self._by_host.get(host)
        if chosen is None:
            return Response(f"No fixture firm answers on {host!r}.", 404, content_type="text/plain")
        page = chosen.page(host, path)
        if page is None:
            return _not_found_page(chosen)
        return _materialise(page, Request(method, host, path, query, headers, self._counters[chosen.name]))

    def absolute_links(self, text: str) -> str:
        """Adds the right port to ``http(s)://*.test`` links that have none."""
        ports = {self.scheme: self.port}
        if self.tls_peer is not None and self.tls_peer.port:
            ports[self.tls_peer.scheme] = self.tls_peer.port

        def with_port(match: re.Match[str]) -> str:
            port = ports.get(match.group(1).lower())
            return f"{match.group(0)}:{port}" if port else match.group(0)

        return _TEST_LINK.sub(with_port, text)

    def _make_ssl_context(self) -> ssl.SSLContext:
        import trustme

        authority = trustme.CA(organization_name="supportcheck fixture CA (untrusted)")
        hosts = sorted({host for firm in self.firms.values() for host in firm.hosts})
        certificate = authority.issue_cert(*hosts, "localhost", "127.0.0.1")
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        certificate.configure_cert(context)
        self.ca_cert_pem = authority.cert_pem.bytes()
        return context


def _materialise(page: Page, request: Request) -> Response:
    if isinstance(page, Response):
        return page
    if isinstance(page, str):
        return Response(page)
    if isinstance(page, Path):
        content_type = mimetypes.guess_type(page.name)[0] or "application/octet-stream"
        if content_type.startswith("text/"):
            content_type += "; charset=utf-8"
        return Response(page.read_bytes(), content_type=content_type)
    return page(request)


def _not_found_page(firm: Firm) -> Response:
    body = f"<!doctype html><title>Not found - {firm.title}</title><h1>404</h1><p>No such page.</p>"
    return Response(body, 404)
