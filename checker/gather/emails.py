"""Finds the email addresses a visitor can see or click: mailto: links and visible text.

Addresses in title attributes, hidden elements, meta tags and JSON never reach the probe's visible
text, so they are not counted. Text is de-obfuscated first ("help [at] example [dot] com"), and
retina asset names (``logo@2x.png``) and documentation placeholders (``you@example.com``) are
dropped because their "domain" is a file extension or a reserved name.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from checker.channels import EmailChannel
from checker.gather._page import link_label, snippet, visible_blocks
from checker.snapshot import ProbeResult

_ADDRESS = re.compile(
    r"(?<![\w.+-])([a-z0-9][a-z0-9._%+-]{0,63}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})(?![\w-])",
    re.IGNORECASE,
)
_BRACKET_AT = r"\s*[\[\(\{<]\s*(?:at|@|arroba|chiocciola|ät|klammeraffe|собака)\s*[\]\)\}>]\s*"
_DOT = r"(?:\s*[\[\(\{<]\s*(?:dot|punto|punkt|point|punt|точка)\s*[\]\)\}>]\s*|\s+(?:dot|DOT)\s+)"
# "[at]" is unambiguous; a bare " at " only counts together with a spelled-out dot ("us at www.x.com"
# is a web address, "help at x dot com" is an email address).
# The look-behind only spares the engine from retrying inside a word: a match that could start
# there could start one letter earlier, and would.
_OBFUSCATED = re.compile(
    rf"(?<![a-z0-9])([a-z0-9][a-z0-9._%+-]*)(?:{_BRACKET_AT}([a-z0-9-]+(?:(?:{_DOT}|\.)[a-z0-9-]+)+)"
    rf"|\s+at\s+([a-z0-9-]+(?:{_DOT}[a-z0-9-]+)+))",
    re.IGNORECASE,
)
_DOT_WORD = re.compile(_DOT, re.IGNORECASE)
_OBFUSCATION_HINT = re.compile(r"[\[\(\{<]|\sat\s", re.IGNORECASE)
ASSET_SUFFIXES = frozenset(
    ["png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "bmp", "tif", "tiff", "js", "css", "map"]
    + ["json", "xml", "pdf", "mp4", "webm", "woff", "woff2", "ttf", "eot"]
)
PLACEHOLDER_DOMAINS = frozenset(
    {"example.com", "example.org", "example.net", "domain.com", "yourdomain.com", "email.tld", "sentry.io"}
)


def _plausible(address: str) -> bool:
    local, _, domain = address.rpartition("@")
    domain = domain.lower()
    if domain.rsplit(".", 1)[-1] in ASSET_SUFFIXES or re.fullmatch(r"\d+x", domain.split(".")[0]):
        return False
    if domain in PLACEHOLDER_DOMAINS or domain.startswith("example."):
        return False
    return bool(local)


def _clean(address: str) -> str:
    return address.strip().strip(".,;:").strip()


def emails_from_mailto(probe: ProbeResult, page_url: str) -> list[EmailChannel]:
    """Addresses in ``mailto:`` hrefs, also behind link texts such as "Contact us"."""
    found = []
    for link in probe.links:
        if not link.raw_href.lower().startswith("mailto:"):
            continue
        recipients = unquote(link.raw_href[7:]).split("?")[0]
        for part in re.split(r"[,;]", recipients):
            address = _clean(part)
            if _ADDRESS.fullmatch(address) and _plausible(address):
                found.append(
                    EmailChannel(
                        url=page_url,
                        selector=link.selector,
                        snippet=link_label(link) or address,
                        address=address,
                        source="mailto",
                    )
                )
    return found


def deobfuscate(text: str) -> str:
    """Rewrites "name [at] host [dot] com" style addresses as plain ones."""

    def rebuild(match: re.Match[str]) -> str:
        domain = match.group(2) or match.group(3)
        return f"{match.group(1)}@{_DOT_WORD.sub('.', domain)}"

    if not _OBFUSCATION_HINT.search(text):
        return text  # no bracket and no " at ": nothing to rewrite, and the full pattern is slow
    return _OBFUSCATED.sub(rebuild, text)


def emails_from_text(probe: ProbeResult, page_url: str) -> list[EmailChannel]:
    """Addresses written in visible (or expandable) text."""
    found = []
    for block in visible_blocks(probe):
        text = deobfuscate(block.text)
        for match in _ADDRESS.finditer(text):
            address = _clean(match.group(1))
            if _plausible(address):
                found.append(
                    EmailChannel(
                        url=page_url,
                        selector=block.selector,
                        snippet=snippet(text, match.start(), match.end()),
                        address=address,
                        source="text",
                    )
                )
    return found


def gather_emails(probe: ProbeResult, page_url: str) -> list[EmailChannel]:
    """Email channels, one per address (case-insensitive), mailto: links first."""
    unique: dict[str, EmailChannel] = {}
    for channel in [*emails_from_mailto(probe, page_url), *emails_from_text(probe, page_url)]:
        unique.setdefault(channel.address.lower(), channel)
    return list(unique.values())
