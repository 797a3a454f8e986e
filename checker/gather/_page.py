"""What a visitor can read on a probed page: visible text, link names, and the page's likely country.

Detectors share these views so that "visible" means the same thing everywhere: text blocks shown
or inside a collapsed accordion (a click away, as the corpus labels count them), never text that
is hidden (tooltips, templates, success messages waiting to be shown).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from checker.gather._normal import RepairPlan, apply_repair_plan, page_repair_plan
from checker.gather.lexicon import normalize, repair_mojibake
from checker.snapshot import ButtonFact, LinkFact, ProbeResult, TextBlock

SNIPPET_CHARS = 160
_WHITESPACE = re.compile(r"\s+")
SENTENCE_END = re.compile(r"[.!?;]\s|[.!?;]$|\s[|•·]\s")
# Country-code domains that are sold as generic names, so they say nothing about the country.
GENERIC_CCTLDS = frozenset(
    {"io", "co", "tv", "me", "ai", "fm", "am", "ly", "to", "cc", "ws", "gg", "la", "sh"}
)
CCTLD_TO_REGION = {"uk": "GB", "eu": ""}
# Languages spoken mainly in one country; English, Spanish, Portuguese and others are left out.
LANGUAGE_TO_REGION = {
    "da": "DK",
    "de": "DE",
    "nl": "NL",
    "fr": "FR",
    "it": "IT",
    "ja": "JP",
    "sv": "SE",
    "no": "NO",
    "nb": "NO",
    "nn": "NO",
    "pl": "PL",
    "ru": "RU",
    "fi": "FI",
    "cs": "CZ",
    "el": "GR",
    "hu": "HU",
    "gl": "ES",
    "ca": "ES",
    "eu": "ES",
    "tr": "TR",
    "ko": "KR",
    "he": "IL",
    "is": "IS",
    "et": "EE",
}
RECENT_PAGES = 4  # pages whose visible blocks are kept: a crawl or a judgement reads one at a time
_recent_pages: dict[int, tuple[ProbeResult, PageText]] = {}
_EMAIL_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)*\.([a-z]{2})\b", re.IGNORECASE)
# Where a label a visitor does not read on the page itself came from, as the evidence says it.
HIDDEN_NAME_SOURCES = {
    "title": "from the title attribute",
    "aria-label": "from the aria-label",
    "aria-labelledby": "from the aria-labelledby label",
}


@dataclass(frozen=True)
class VisibleText:
    """One visible text block, with mojibake repaired."""

    text: str
    tag: str
    selector: str
    region: str
    order: int


@dataclass(frozen=True)
class Label:
    """What an element says, and where: ``source`` is empty for its visible text, else a note
    such as "from the title attribute" (a hover tooltip) or "from the aria-label" (a screen reader's)."""

    text: str
    source: str = ""

    @property
    def evidence(self) -> str:
        return f"{self.text} ({self.source})" if self.source else self.text


@dataclass(frozen=True)
class PageText:
    """A page's visible blocks and the re-decoding that repairs its mojibake (None: none seen)."""

    blocks: tuple[VisibleText, ...]
    repair_plan: RepairPlan | None


def page_text(probe: ProbeResult) -> PageText:
    """The page's visible blocks and repair plan, made once per page.

    Every gatherer reads them: the last few pages' are kept, each beside its probe (which keeps
    the probe's ``id`` from being reused while cached).
    """
    cached = _recent_pages.get(id(probe))
    if cached is not None and cached[0] is probe:
        return cached[1]
    shown = [block for block in probe.text_blocks if block.visibility != "hidden"]
    plan = page_repair_plan(
        [probe.title, *(block.text for block in shown), *(link.text for link in probe.links)]
    )
    rendered = {link.selector: link.text for link in probe.links if link.text}
    text = PageText(tuple(_visible(_as_rendered(block, rendered), plan) for block in shown), plan)
    _recent_pages[id(probe)] = (probe, text)
    while len(_recent_pages) > RECENT_PAGES:
        del _recent_pages[next(iter(_recent_pages))]
    return text


def _as_rendered(block: TextBlock, link_texts: dict[str, str]) -> TextBlock:
    """A link's block with the spaces its layout shows: text nodes of sibling inline elements are
    joined without them ("8 5 222 2222pagalba@pirk.lt"), the link's rendered text keeps them."""
    shown = link_texts.get(block.selector) if block.tag == "a" else None
    if shown and _WHITESPACE.sub("", shown) == _WHITESPACE.sub("", block.text):
        return block.model_copy(update={"text": shown})
    return block


def visible_blocks(probe: ProbeResult) -> tuple[VisibleText, ...]:
    """Text blocks a visitor sees or can expand, mojibake repaired; hidden blocks are skipped."""
    return page_text(probe).blocks


def _visible(block: TextBlock, plan: RepairPlan | None) -> VisibleText:
    text = apply_repair_plan(block.text, plan)
    return VisibleText(text, block.tag, block.selector, block.region, block.order)


def link_label(link: LinkFact) -> str:
    """What a link says: its text, else its accessible name (image alt, aria-label, title)."""
    return repair_mojibake(link.text or link.name)


def element_labels(probe: ProbeResult, element: LinkFact | ButtonFact) -> list[Label]:
    """What a link or button says to a visitor who reads it, hovers it or hears it, first things first.

    Its visible text (else its accessible name) comes first; then an aria-label or title that says
    something else ("Contact us" on an envelope icon, "Chat with an agent" on a launcher), each
    marked with where it came from.
    """
    plan = page_text(probe).repair_plan
    labels: list[Label] = []
    shown = element.text or element.name
    if shown:
        source = "" if element.text else HIDDEN_NAME_SOURCES.get(element.name_from, "")
        labels.append(Label(apply_repair_plan(shown, plan), source))
    for text, source in ((element.name, element.name_from), (element.title, "title")):
        note = HIDDEN_NAME_SOURCES.get(source)
        if note and text and all(normalize(text) != normalize(label.text) for label in labels):
            labels.append(Label(apply_repair_plan(text, plan), note))
    return labels


def snippet(text: str, start: int = 0, end: int | None = None) -> str:
    """A short excerpt of ``text`` around ``start:end`` for evidence."""
    end = len(text) if end is None else end
    margin = max(0, (SNIPPET_CHARS - (end - start)) // 2)
    left = max(0, start - margin)
    excerpt = text[left : left + SNIPPET_CHARS]
    return " ".join(excerpt.split())


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def cctld_region(url: str) -> str:
    """Region of a country-code top-level domain (``.dk`` → ``DK``), or ``""``."""
    host = host_of(url)
    if not host or host.replace(".", "").isdigit():
        return ""
    tld = host.rsplit(".", 1)[-1]
    if len(tld) != 2 or tld in GENERIC_CCTLDS:
        return ""
    return CCTLD_TO_REGION.get(tld, tld.upper())


def language_region(lang: str) -> str:
    """Region implied by an ``html lang`` value: its region subtag, else a single-country language."""
    parts = re.split(r"[-_]", lang.strip())
    if len(parts) > 1 and len(parts[1]) == 2 and parts[1].isalpha():
        return parts[1].upper()
    return LANGUAGE_TO_REGION.get(parts[0].lower(), "")


def page_regions(probe: ProbeResult, page_url: str) -> list[str]:
    """Countries the page most likely belongs to, best first.

    The page's own domain wins; then its declared language; then the country-code domains of the
    email addresses it shows (a Dutch shop without ``lang`` still writes ``info@x.nl``); then the
    country-code domain it links to most.
    """
    regions: list[str] = []

    def add(region: str) -> None:
        if region and region not in regions:
            regions.append(region)

    add(cctld_region(page_url))
    add(language_region(probe.lang))
    mentioned: Counter[str] = Counter()
    for block in visible_blocks(probe):
        for match in _EMAIL_DOMAIN.finditer(block.text):
            mentioned[CCTLD_TO_REGION.get(match.group(1).lower(), match.group(1).upper())] += 1
    for link in probe.links:
        if link.raw_href.lower().startswith("mailto:"):
            for match in _EMAIL_DOMAIN.finditer(link.raw_href):
                mentioned[CCTLD_TO_REGION.get(match.group(1).lower(), match.group(1).upper())] += 1
    for region, _count in mentioned.most_common():
        if region.lower() not in GENERIC_CCTLDS:
            add(region)
    linked = Counter(cctld_region(link.href) for link in probe.links)
    linked.pop("", None)
    for region, _count in linked.most_common(1):
        add(region)
    return regions


def labelled_texts(probe: ProbeResult) -> Iterator[tuple[str, str]]:
    """(text, selector) for every visible text a visitor reads, labels included."""
    for block in visible_blocks(probe):
        yield block.text, block.selector
    for link in probe.links:
        if link.visible or not link.text:
            yield from ((label.text, link.selector) for label in element_labels(probe, link))
    for button in probe.buttons:
        if button.visible:
            yield from ((label.text, button.selector) for label in element_labels(probe, button))
    for form in probe.forms:
        if form.visible:
            yield " ".join([form.heading, *form.buttons]), form.selector


def sentence_around(normal: str, start: int, end: int) -> str:
    """The sentence of ``normal`` that holds ``start:end``."""
    left = 0
    for earlier in SENTENCE_END.finditer(normal, 0, start):
        left = earlier.end()
    later = SENTENCE_END.search(normal, end)
    return normal[left : later.start() if later else len(normal)]
