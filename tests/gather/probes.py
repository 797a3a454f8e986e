"""Builders for small hand-made probe results, so detector tests read like the page they describe."""

from __future__ import annotations

from typing import Any

from checker.snapshot import ProbeResult

PAGE_URL = "https://www.example.com/contact"


def build_probe(texts: list[str] | None = None, **facts: Any) -> ProbeResult:
    """A probe result with visible text blocks (``"hidden:…"`` / ``"collapsed:…"`` set visibility)."""
    blocks = []
    for order, text in enumerate(texts or []):
        visibility = "visible"
        for state in ("hidden", "collapsed"):
            if text.startswith(state + ":"):
                visibility, text = state, text[len(state) + 1 :]
        blocks.append(
            {
                "text": text,
                "tag": "p",
                "visibility": visibility,
                "selector": f"p:nth-of-type({order + 1})",
                "order": order,
            }
        )
    facts.setdefault("url", PAGE_URL)
    for link in facts.get("links", []):
        link.setdefault("visible", True)
        link.setdefault("href", link.get("raw_href", ""))
    return ProbeResult.model_validate({"text_blocks": blocks, **facts})
