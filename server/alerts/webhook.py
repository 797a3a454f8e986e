"""Webhook alerts: the message's JSON POSTed to the channel's URL, signed with HMAC-SHA256.

The body carries a Slack-compatible ``text`` beside the structured changes. When the channel
names ``secret_env``, the header ``X-Supportcheck-Signature: sha256=<hex>`` is the HMAC of the
exact body bytes under that variable's value (the scheme GitHub uses), so a receiver can check
the message came from here; a channel whose secret is missing from the environment is not sent
unsigned but fails, visibly.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os

import httpx

from server.store.models import AlertChannel, AlertMessage

SIGNATURE_HEADER = "X-Supportcheck-Signature"
TIMEOUT_S = 10.0


def signature(secret: str, body: bytes) -> str:
    """The value of :data:`SIGNATURE_HEADER` for ``body``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def send_webhook(channel: AlertChannel, message: AlertMessage) -> None:
    """POSTs the message; raises on a missing secret, a network error or a non-2xx answer."""
    body = json.dumps(message.payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    headers = {"Content-Type": "application/json", "User-Agent": "supportcheck-alerts"}
    if channel.secret_env:
        secret = os.environ.get(channel.secret_env)
        if not secret:
            raise RuntimeError(f"${channel.secret_env} is not set: the webhook is not sent unsigned")
        headers[SIGNATURE_HEADER] = signature(secret, body)
    response = httpx.post(channel.target, content=body, headers=headers, timeout=TIMEOUT_S)
    response.raise_for_status()
