"""The crawl frontier: best-first toward support, breadth-first among equals.

Links are scored by how support-like their words are (the contact, help and self-service words of
every lexicon, plus the navigation scent of ``frontier_terms.json``), so a contact page four clicks
deep is reached long before a 25-page budget is spent on product pages.

A link naming an accessibility statement (the lexicons' ``accessibility_statement`` phrases) is
visited early too, since ``access.statement`` reads that page for a feedback contact; but it only
orders the crawl: its support score stays what its support words say, so a statement page is no
support page to the rules, and an unvisited one is no unvisited support link.
"""

from __future__ import annotations

import heapq
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from checker.gather.lexicon import PhraseMatcher, matcher, normalize

TERMS_PATH = Path(__file__).with_name("frontier_terms.json")
_SEPARATORS = re.compile(r"[-_/.+%]+")
PATH_DISCOUNT = 0.8  # words only in a URL path are weaker: paths are often generic or in another language
STATEMENT_PRIORITY = 0.55  # after contact, help and help-centre links, before imprint and about pages


@lru_cache(maxsize=1)
def _text_scores() -> tuple[tuple[PhraseMatcher, float], ...]:
    """Matchers for link words, strongest first: lexicon concepts, then navigation scent."""
    scent = json.loads(TERMS_PATH.read_text(encoding="utf-8"))["terms"]
    pairs = [(matcher("contact"), 1.0), (matcher("help"), 0.8), (matcher("self_service"), 0.6)]
    pairs += [(PhraseMatcher(terms), float(weight)) for weight, terms in scent.items()]
    return tuple(sorted(pairs, key=lambda pair: -pair[1]))


@lru_cache(maxsize=1)
def _path_scores() -> tuple[tuple[PhraseMatcher, float], ...]:
    pairs = ((matcher("contact_url"), 1.0), (matcher("self_service_url"), 0.6), *_text_scores())
    return tuple(sorted(pairs, key=lambda pair: -pair[1]))


def _best(scores: tuple[tuple[PhraseMatcher, float], ...], text: str) -> float:
    """The weight of the strongest matcher that finds something (``scores`` is strongest first)."""
    if not text:
        return 0.0
    normalized = normalize(text)
    return next((weight for phrase_matcher, weight in scores if phrase_matcher.search(normalized, True)), 0.0)


def support_score(text: str, url: str) -> float:
    """0 to 1: how strongly a link's words and URL path suggest it leads to support."""
    path = _SEPARATORS.sub(" ", unquote(urlsplit(url).path))
    return max(_best(_text_scores(), text), PATH_DISCOUNT * _best(_path_scores(), path))


@lru_cache(maxsize=1)
def _statement_phrases() -> PhraseMatcher:
    return matcher("accessibility_statement")


def statement_priority(text: str, url: str) -> float:
    """How soon to visit a link for its accessibility statement: 0, or about a help centre's rank."""
    path = _SEPARATORS.sub(" ", unquote(urlsplit(url).path))
    if text and _statement_phrases().search(text):
        return STATEMENT_PRIORITY
    return PATH_DISCOUNT * STATEMENT_PRIORITY if path and _statement_phrases().search(path) else 0.0


@dataclass(order=True)
class FrontierItem:
    """A URL waiting to be visited; ordered by (higher priority, lower depth, earlier discovery).

    ``score`` is how support-like the link is (saved as the page's ``support_score``);
    ``priority`` is how soon to visit it: the score, or more for an accessibility statement.
    """

    sort_key: tuple[float, int, int] = field(init=False, repr=False)
    url: str = field(compare=False)
    depth: int = field(compare=False)
    score: float = field(compare=False)
    link_text: str = field(compare=False, default="")
    parent_url: str = field(compare=False, default="")
    sequence: int = field(compare=False, default=0)
    priority: float = field(compare=False, default=0.0)

    def __post_init__(self) -> None:
        self.sort_key = (-max(self.score, self.priority), self.depth, self.sequence)


class Frontier:
    """A priority queue of URLs that never yields the same URL twice."""

    def __init__(self) -> None:
        self._heap: list[FrontierItem] = []
        self._known: set[str] = set()
        self._sequence = 0

    def add(self, url: str, depth: int, link_text: str = "", parent_url: str = "") -> bool:
        """Queues a URL unless it was queued before; returns True when queued."""
        if url in self._known:
            return False
        self._known.add(url)
        self._sequence += 1
        score = support_score(link_text, url) if parent_url else 0.0
        priority = statement_priority(link_text, url) if parent_url else 0.0
        heapq.heappush(
            self._heap,
            FrontierItem(
                url=url,
                depth=depth,
                score=score,
                link_text=link_text,
                parent_url=parent_url,
                sequence=self._sequence,
                priority=priority,
            ),
        )
        return True

    def knows(self, url: str) -> bool:
        """True when the URL was ever queued (and so is visited or waiting)."""
        return url in self._known

    def pop(self) -> FrontierItem | None:
        return heapq.heappop(self._heap) if self._heap else None

    def remaining(self) -> list[FrontierItem]:
        """What is still queued, best first (does not empty the queue)."""
        return sorted(self._heap)

    def __len__(self) -> int:
        return len(self._heap)
