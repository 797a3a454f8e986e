"""URL helpers: which URLs belong to the audited site, and a normal form to avoid revisits."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

import tldextract

# The bundled Public Suffix List snapshot: never fetch it, the crawler may be offline.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)

SKIPPED_EXTENSIONS = frozenset(
    ".jpg .jpeg .png .gif .webp .svg .ico .css .js .mp3 .mp4 .avi .mov .woff .woff2 .ttf".split()
    + ".zip .gz .exe .dmg".split()
)


@lru_cache(maxsize=4096)
def registrable_domain(host: str) -> str:
    """The domain a company registers: ``help.example.co.uk`` → ``example.co.uk``.

    Hosts under a suffix the Public Suffix List does not know (``.test``, ``.localhost``,
    intranet names) keep their last two labels; IP addresses stand for themselves.
    """
    host = host.lower().rstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    parts = _EXTRACT(host)  # private suffixes too: acme.github.io is not evil.github.io
    if parts.suffix and parts.domain:
        return f"{parts.domain}.{parts.suffix}"
    labels = host.split(".")
    return ".".join(labels[-2:])


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def same_site(url: str, site_domains: frozenset[str]) -> bool:
    """True when the URL's host is one of the site's registrable domains or below it."""
    host = host_of(url)
    return bool(host) and registrable_domain(host) in site_domains


def normalise_url(url: str) -> str:
    """Drops the fragment and default ports so one page is visited once."""
    parts = urlsplit(url)
    netloc = parts.netloc.lower()
    if (parts.scheme == "http" and netloc.endswith(":80")) or (
        parts.scheme == "https" and netloc.endswith(":443")
    ):
        netloc = netloc.rsplit(":", 1)[0]
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def is_crawlable(url: str) -> bool:
    """HTTP(S) URLs that may hold a page (not images, scripts or archives)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    path = parts.path.lower()
    return not any(path.endswith(extension) for extension in SKIPPED_EXTENSIONS)
