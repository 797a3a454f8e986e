"""Where a page names a lexicon concept ("relay", "accessibility statement"…): links and text.

Rules that rest on what pages say (``rules.access``) read these; made once per page and concept
(``per_probe``), they are saved with the other gathered answers, so re-judging never searches
the text again.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.gather.computed import per_probe
from checker.gather.lexicon import matcher
from checker.snapshot import ProbeResult

MAX_PAGE_MENTIONS = 20


@dataclass(frozen=True)
class PageMention:
    """A link (with its target) or a block of text naming a concept, and the phrase it used."""

    selector: str
    text: str
    phrase: str
    href: str = ""


@per_probe
def concept_mentions(probe: ProbeResult, concept: str, links_only: bool = False) -> tuple[PageMention, ...]:
    """The page's links (and, unless ``links_only``, text blocks) naming ``concept``, each text
    once, in page order, at most ``MAX_PAGE_MENTIONS``."""
    phrases = matcher(concept)
    texts = [(link.selector, link.name or link.text or link.title, link.href) for link in probe.links]
    if not links_only:
        texts += [(block.selector, block.text, "") for block in probe.text_blocks]
    # One search over the page's whole text rules most pages out at the cost of one.
    if not phrases.search("\n".join(text for _, text, _ in texts)):
        return ()
    found: dict[str, PageMention] = {}
    for selector, text, href in texts:
        match = phrases.search(text) if text and text not in found else None
        if match is not None:
            found[text] = PageMention(selector, text, match.group(0), href)
            if len(found) >= MAX_PAGE_MENTIONS:
                break
    return tuple(found.values())
