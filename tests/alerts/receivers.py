"""Real receivers on loopback: an SMTP sink (aiosmtpd) and an HTTP endpoint that checks signatures."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

from server.alerts.webhook import SIGNATURE_HEADER, signature


@dataclass
class Mailbox:
    """What the SMTP sink received."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        self.messages.append(message_from_bytes(envelope.content, EmailMessage, policy=policy.default))
        return "250 OK"


@contextmanager
def smtp_sink() -> Iterator[tuple[str, Mailbox]]:
    """Yields ``smtp://127.0.0.1:PORT`` and the mailbox behind it."""
    mailbox = Mailbox()
    with socket.socket() as probe:  # aiosmtpd checks it is up by connecting: it needs a real port
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{controller.port}", mailbox
    finally:
        controller.stop()


@dataclass
class Hook:
    """What the webhook receiver got: each body, and whether its signature held under ``secret``."""

    secret: str
    received: list[tuple[dict[str, Any], bool]] = field(default_factory=list)


@contextmanager
def webhook_receiver(secret: str) -> Iterator[tuple[str, Hook]]:
    """Yields the receiver's URL and what it got; it answers 204, or 401 to a bad signature."""
    hook = Hook(secret)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            valid = self.headers.get(SIGNATURE_HEADER) == signature(hook.secret, body)
            hook.received.append((json.loads(body), valid))
            self.send_response(204 if valid else 401)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", hook
    finally:
        server.shutdown()
        server.server_close()
