"""E-mail alerts over SMTP, configured by one URL: ``smtp://user:password@host:587?starttls=1``.

``smtps://`` speaks TLS from the start (port 465); ``smtp://`` is plain unless ``starttls=1``.
The sender address is ``$SUPPORTCHECK_MAIL_FROM``. Every connection has a timeout, so a dead
mail server delays only the delivery loop, never a scan.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from server.store.models import AlertChannel, AlertMessage

SMTP_URL_ENV = "SUPPORTCHECK_SMTP_URL"
MAIL_FROM_ENV = "SUPPORTCHECK_MAIL_FROM"
DEFAULT_FROM = "supportcheck@localhost"
TIMEOUT_S = 15.0


class SmtpSender:
    """Sends a message to an e-mail channel through the server ``url`` names."""

    def __init__(self, url: str, mail_from: str = DEFAULT_FROM) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError(
                f"{SMTP_URL_ENV} must look like smtp://user:password@host:587?starttls=1, not {url!r}"
            )
        self.tls = parts.scheme == "smtps"
        self.starttls = parse_qs(parts.query).get("starttls", ["0"])[0].lower() in ("1", "true", "yes")
        self.host, self.port = parts.hostname, parts.port or (465 if self.tls else 25)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else ""
        self.mail_from = mail_from

    def __call__(self, channel: AlertChannel, message: AlertMessage) -> None:
        email = EmailMessage()
        email["From"], email["To"], email["Subject"] = self.mail_from, channel.target, message.subject
        if message.run_id is not None:
            email["X-Supportcheck-Run"] = str(message.run_id)
        email.set_content(message.body)
        context = ssl.create_default_context()
        server = (
            smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT_S, context=context)
            if self.tls
            else smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_S)
        )
        with server:
            if self.starttls:
                server.starttls(context=context)
            if self.user:
                server.login(self.user, self.password)
            server.send_message(email)
