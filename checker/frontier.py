"""The crawl frontier: best-first toward support, breadth-first among equals.

Links are scored by how support-like their words are (see ``frontier_terms.json``), so a contact
page four clicks deep is reached long before a 25-page budget is spent on product pages.
"""

from __future__ import annotations

import heapq
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

TERMS_PATH = Path(__file__).with_name("frontier_terms.json")
_SEPARATORS = re.compile(r"[-_/.+%]+")


@lru_cache(maxsize=1)
def _weighted_terms() -> tuple[tuple[str, float], ...]:
    data = json.loads(TERMS_PATH.read_text(encoding="utf-8"))
    pairs = [(term.lower(), float(weight)) for weight, terms in data["terms"].items() for term in terms]
    # Longest first, so "customer service" is tried before "service".
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def _contains_term(haystack: str, term: str) -> bool:
    if not term.isascii():
        return term in haystack
    return re.search(rf"(?<![a-z]){re.escape(term)}(?![a-z])", haystack) is not None


def support_score(text: str, url: str) -> float:
    """0 to 1: how strongly the link's words and URL path suggest it leads to support.

    Words in the link text count fully; words only in the URL path count 80%, since paths are
    often generic or in another language than the page.
    """
    words = " ".join(text.lower().split())
    path = _SEPARATORS.sub(" ", unquote(urlsplit(url).path).lower())
    best = 0.0
    for term, weight in _weighted_terms():
        if weight <= best:
            continue
        if _contains_term(words, term):
            best = weight
        elif _contains_term(path, term):
            best = max(best, weight * 0.8)
    return best


@dataclass(order=True)
class FrontierItem:
    """A URL waiting to be visited; ordered by (higher score, lower depth, earlier discovery)."""

    sort_key: tuple[float, int, int] = field(init=False, repr=False)
    url: str = field(compare=False)
    depth: int = field(compare=False)
    score: float = field(compare=False)
    link_text: str = field(compare=False, default="")
    parent_url: str = field(compare=False, default="")
    sequence: int = field(compare=False, default=0)

    def __post_init__(self) -> None:
        self.sort_key = (-self.score, self.depth, self.sequence)


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
        heapq.heappush(
            self._heap,
            FrontierItem(url=url, depth=depth, score=score, link_text=link_text,
                         parent_url=parent_url, sequence=self._sequence),
        )
        return True

    def pop(self) -> FrontierItem | None:
        return heapq.heappop(self._heap) if self._heap else None

    def remaining(self) -> list[FrontierItem]:
        """What is still queued, best first (does not empty the queue)."""
        return sorted(self._heap)

    def __len__(self) -> int:
        return len(self._heap)
