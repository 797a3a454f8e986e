"""Turns gathered channels and pages into evidence entries, attaching screenshots where taken."""

from __future__ import annotations

from collections.abc import Iterable

from checker.channels import _Channel
from rules.context import LocaleContext
from rules.model import Evidence

MAX_EVIDENCE = 10


def channel_evidence(context: LocaleContext, channels: Iterable[_Channel]) -> tuple[Evidence, ...]:
    """Evidence for each channel (at most ``MAX_EVIDENCE``), with its page's screenshot."""
    evidence = [
        Evidence(
            url=channel.url,
            selector=channel.selector,
            snippet=channel.snippet,
            screenshot=context.screenshot_for(channel.url),
        )
        for channel in channels
    ]
    return tuple(evidence[:MAX_EVIDENCE])


def page_evidence(context: LocaleContext, url: str, snippet: str = "") -> Evidence:
    return Evidence(url=url, snippet=snippet, screenshot=context.screenshot_for(url))
