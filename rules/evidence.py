"""Turns gathered channels and pages into evidence entries, attaching screenshots where taken."""

from __future__ import annotations

from collections.abc import Iterable

from checker.channels import _Channel
from rules.context import LocaleContext
from rules.model import Evidence

MAX_EVIDENCE = 10
# A finding's details key listing what pages a person's browser sent told it (a store page, say):
# the evidence review marks such a finding as supplied by a person even when its outcome stayed.
SEEN_BY_PERSON = "seen_by_person"


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
