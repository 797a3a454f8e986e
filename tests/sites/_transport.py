"""HTTP plumbing under ``FixtureServer``: one thread per connection, TLS, writing Responses.

Kept apart from ``server.py`` so the public class reads as "which firm, which page" while this
module owns the socket details: every open connection is remembered so ``stop()`` can cut it,
a stalled answer waits on the server's stop event rather than sleeping, and a client that hangs
up mid-answer is normal here, not an error to print.
"""

from __future__ import annotations

import select
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from ._model import RequestRecord, Response

if TYPE_CHECKING:
    from .server import FixtureServer

_TEXT_TYPES = ("text/", "application/json", "application/javascript")


class ConnectionServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that remembers its connections so stop() can cut them."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    # socketserver listens with a backlog of 5. Chromium opens up to six connections per host, and
    # while a busy test process is slow to accept them the kernel drops the rest of the SYNs, to
    # be retried 1 s, 3 s, 7 s later: a cross-origin chat frame then arrives after the checks that
    # wait for it have given up.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], fixture: FixtureServer) -> None:
        self.fixture = fixture
        self._open: dict[socket.socket, threading.Thread | None] = {}
        self._open_lock = threading.Lock()
        super().__init__(address, PageHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self.process_request_thread, args=(request, client_address), daemon=True
        )
        self._remember(request, thread)
        thread.start()

    def finish_request(self, request: Any, client_address: Any) -> None:
        context = self.fixture.ssl_context
        if context is None:
            PageHandler(request, client_address, self)
            return
        try:
            request.settimeout(10)
            # wrap_socket takes over the file descriptor: from here on only ``secure`` owns it.
            secure = context.wrap_socket(request, server_side=True)
        except (OSError, ssl.SSLError):
            return  # the browser refused the untrusted certificate: that is the point
        thread = self._forget(request)
        self._remember(secure, thread)
        try:
            secure.settimeout(None)
            PageHandler(secure, client_address, self)
        finally:
            self._forget(secure)
            secure.close()

    def shutdown_request(self, request: Any) -> None:
        self._forget(request)
        super().shutdown_request(request)

    def close_all_connections(self) -> None:
        with self._open_lock:
            sockets = list(self._open)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handler_threads(self) -> list[threading.Thread]:
        with self._open_lock:
            return [thread for thread in self._open.values() if thread is not None]

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)

    def _remember(self, sock: socket.socket, thread: threading.Thread | None) -> None:
        with self._open_lock:
            self._open[sock] = thread

    def _forget(self, sock: socket.socket) -> threading.Thread | None:
        with self._open_lock:
            return self._open.pop(sock, None)


class PageHandler(BaseHTTPRequestHandler):
    """Turns one HTTP request into a firm page's Response and writes it out."""

    protocol_version = "HTTP/1.1"
    server: ConnectionServer
    server_version = "supportcheck-fixtures/1"
    sys_version = ""

    def do_GET(self) -> None:
        self._dispatch()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the request log is ``FixtureServer.requests``."""

    def _dispatch(self) -> None:
        fixture = self.server.fixture
        headers = {name.lower(): value for name, value in self.headers.items()}
        host = headers.get("host", "").rsplit(":", 1)[0].lower()
        path, _, query = self.path.partition("?")
        record = RequestRecord(time.monotonic(), self.command, host, self.path, headers)
        length = int(headers.get("content-length", "0") or 0)
        if length:
            self.rfile.read(length)
        fixture.arrive(record)
        try:
            try:
                response = fixture.answer(self.command, host, path, query, headers)
            except Exception as error:  # noqa: BLE001 - a broken fixture page should say so, not hang
                response = Response(f"fixture page raised {error!r}", 500, content_type="text/plain")
            record.status = response.status
            self._send(response)
        finally:
            fixture.leave(host)

    def _send(self, response: Response) -> None:
        fixture = self.server.fixture
        if response.delay and fixture.stopping.wait(response.delay):
            return
        close_delimited = response.stream is not None or response.stall
        body = self._encode(response.body, response.content_type)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        for name, value in response.headers.items():
            self.send_header(name, fixture.absolute_links(value) if name.lower() == "location" else value)
        if close_delimited:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "HEAD":
            return
        self.wfile.write(body)
        for chunk in response.stream or ():
            self.wfile.flush()
            if response.stream_interval and fixture.stopping.wait(response.stream_interval):
                return
            self.wfile.write(self._encode(chunk, response.content_type))
        self.wfile.flush()
        if response.stall:
            self._wait_for_client_to_leave()

    def _encode(self, content: str | bytes, content_type: str) -> bytes:
        if isinstance(content, bytes):
            return content
        if content_type.startswith(_TEXT_TYPES):
            content = self.server.fixture.absolute_links(content)
        return content.encode("utf-8")

    def _wait_for_client_to_leave(self) -> None:
        """Holds a stalled answer open until the client hangs up or the server stops."""
        while not self.server.fixture.stopping.is_set():
            readable, _, _ = select.select([self.connection], [], [], 0.1)
            if not readable:
                continue
            try:
                self.connection.settimeout(0.1)
                if not self.connection.recv(1024):
                    return
            except TimeoutError:
                continue
            except (OSError, ssl.SSLError):
                return
