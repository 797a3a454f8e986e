"""Which scraped URLs a report may turn into links: the HTML report and the dashboard share this test.

A scraped URL is hostile until shown otherwise (``javascript:``, ``data:``, control characters), so
every writer that makes an ``href`` of one asks :func:`http_href` first.
"""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["http_href"]


def http_href(url: str) -> str | None:
    """``url`` when it is safe to put in ``href`` (http or https with a host), else ``None``.

    ``urlsplit`` drops tabs and newlines as browsers do, so ``java\\tscript:`` is caught too; the
    ``startswith`` test refuses the leading control characters that browsers and ``urlsplit`` skip.
    """
    candidate = url.strip()
    parts = urlsplit(candidate)
    if parts.scheme.lower() in ("http", "https") and parts.netloc and candidate.lower().startswith("http"):
        return candidate
    return None
