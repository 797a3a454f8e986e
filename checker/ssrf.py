"""Refuses crawl targets inside the operator's own network: the SSRF guard of server-started scans.

A scan started from the dashboard or the API fetches URLs that someone else typed, on a machine
that may see databases, cloud metadata (169.254.169.254) and admin pages no visitor should reach.
:class:`TargetGuard` refuses any URL that is not http(s) or whose host resolves to an address that
is not globally routable (private, loopback, link-local, multicast, reserved, unspecified, shared
or documentation space), in IPv4 and IPv6, with IPv4 addresses hidden in IPv6 (mapped, 6to4, NAT64)
unwrapped first. Hosts are resolved with ``getaddrinfo``, which is also how ``2130706433``,
``0177.0.0.1`` or ``127.1`` become 127.0.0.1, and every address a host resolves to must pass.

In the crawl the guard watches every request a tab makes, redirect hops included (Playwright's
routes never see those, Chromium's Fetch domain does), so a public page redirecting to
``http://127.0.0.1/`` or embedding it is stopped before the request leaves. What it cannot stop:
a DNS answer that changes between the guard's lookup and Chromium's (rebinding), and WebSockets,
which the Fetch domain does not pause.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import CDPSession
from playwright.async_api import Error as PlaywrightError

ALLOWED_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")
# Characters on which URL parsers disagree about where the host ends ("http://127.0.0.1\@a.com").
AMBIGUOUS_CHARACTERS = frozenset("\\\t\n\r ")

Resolver = Callable[[str, int], Sequence[str]]
"""(host, port) to the IP addresses a connection could go to; raises ``OSError`` when unresolvable."""
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class BlockedTarget(ValueError):
    """A URL the guard refuses; the message says which host and why."""


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``getaddrinfo`` gives for ``host``, as Chromium's resolver would see them."""
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries to an IPv4 host: mapped, 6to4 or NAT64."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64_PREFIX:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_refusal(text: str) -> str | None:
    """Why a connection to the IP address ``text`` is refused, or None when it is a public address."""
    address: IPAddress = ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone ("%eth0")
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            inner = address_refusal(str(embedded))
            return f"{inner} (inside {address})" if inner else None
    for kind, matches in (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("not globally routable", not address.is_global),
    ):
        if matches:
            return f"{address} is a {kind} address"
    return None


class TargetGuard:
    """Decides whether a URL may be fetched; remembers each host's verdict for the guard's lifetime.

    Args:
        resolve: how host names become addresses (``getaddrinfo`` by default); tests pass a table.
    """

    def __init__(self, resolve: Resolver = system_resolver) -> None:
        self._resolve = resolve
        self._verdicts: dict[tuple[str, int], str | None] = {}

    def refusal(self, url: str) -> str | None:
        """Why ``url`` must not be fetched, or None when it may be. Resolves the host (blocking)."""
        if AMBIGUOUS_CHARACTERS.intersection(url):
            return f"{url!r} holds a backslash or white space, which parsers read differently"
        try:
            parts = urlsplit(url)
            host, port = parts.hostname, parts.port
        except ValueError as error:
            return f"{url!r} is not a valid URL: {error}"
        scheme = parts.scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            return f"{url!r} is not an http(s) URL"
        if not host:
            return f"{url!r} names no host"
        key = (host, port or DEFAULT_PORTS[scheme])
        if key not in self._verdicts:
            self._verdicts[key] = self._host_refusal(*key)
        return self._verdicts[key]

    async def refusal_async(self, url: str) -> str | None:
        """:meth:`refusal` without blocking the event loop on DNS."""
        return await asyncio.to_thread(self.refusal, url)

    def check(self, url: str) -> None:
        """Raises :class:`BlockedTarget` when ``url`` must not be fetched."""
        refusal = self.refusal(url)
        if refusal is not None:
            raise BlockedTarget(f"refused target {url}: {refusal}")

    def _host_refusal(self, host: str, port: int) -> str | None:
        try:
            addresses = list(self._resolve(host, port))
        except (OSError, UnicodeError) as error:
            # Fail closed: a host this machine cannot resolve now may resolve inward later.
            return f"{host} does not resolve ({error})"
        if not addresses:
            return f"{host} does not resolve"
        for address in addresses:
            refusal = address_refusal(address)
            if refusal is not None:
                return refusal if address == host else f"{refusal} ({host} resolves to it)"
        return None

    async def watch(self, cdp: CDPSession) -> None:
        """Pauses every request of the tab behind ``cdp`` and lets through only those the guard allows."""
        cdp.on("Fetch.requestPaused", lambda event: self._on_request_paused(cdp, event))
        await cdp.send("Fetch.enable", {"patterns": [{"urlPattern": "*", "requestStage": "Request"}]})

    async def _on_request_paused(self, cdp: CDPSession, event: dict[str, Any]) -> None:
        try:
            refusal = await self.refusal_async(event["request"]["url"])
        except Exception as error:  # noqa: BLE001 - a guard that breaks must refuse, not let through
            refusal = f"the guard failed: {error}"
        try:
            if refusal is None:
                await cdp.send("Fetch.continueRequest", {"requestId": event["requestId"]})
            else:
                await cdp.send(
                    "Fetch.failRequest", {"requestId": event["requestId"], "errorReason": "BlockedByClient"}
                )
        except PlaywrightError:
            pass  # the tab closed while the request was paused


__all__ = ["BlockedTarget", "Resolver", "TargetGuard", "address_refusal", "system_resolver"]
