"""Finds lexicon phrases in normalised text in one pass, whatever the number of phrases.

Why an Aho–Corasick automaton (``pyahocorasick``): Python's regular expressions try every branch
of an alternation at every position, so one regex of a concept's few hundred phrases cost
1.6 s per 50 KB page for the 34 concepts; the same phrases as a character trie in one regex
took 38 ms, and one automaton of every concept 2.8 ms (measured on the benchmark's lorem-ipsum
page of 600 paragraphs, in one process on this 2-core machine). An automaton finds every key in
time linear in the text, plus the hits.

Word boundaries are handled per script. Scripts written with spaces (Latin, Cyrillic, Greek …)
need them: "help" must not match inside "helpful". The automaton for their phrases runs on a
*boundary view* of the text of the same length, in which every character that cannot be part of
a word of a spaced script (punctuation, and the characters of scripts written without spaces:
Japanese, Chinese, Korean, Thai, Lao, Khmer, Myanmar) is a space, and their keys carry a leading
and a trailing space. So "help" needs a space, punctuation, a text edge or an unspaced-script
character on each side, and "FAQ" is still found in "よくあるFAQページ". Phrases that begin with
an unspaced-script character are matched on the text itself, anywhere: those scripts have no
spaces to mark word edges. The view maps punctuation inside phrases the same way, so "q&a" also
matches "q-a", which is the same phrase.

The lexicon syntax (``checker/lexicons/README.md``) maps onto keys: each space between words is
optional (``contact us`` also matches ``contactus``), a trailing ``*`` leaves the key open at its
end and the match runs to the end of the word, and a lone ``*`` word is checked by a small
regular expression at the few places where the phrase's words before it were found.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from checker.gather._normal import normalize

UNSPACED_CHARS = (
    "\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u3040-\u30ff\u3130-\u318f"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
)
UNSPACED_SCRIPT = re.compile(f"[{UNSPACED_CHARS}]")
# Whatever cannot be part of a word of a spaced script becomes a space in the boundary view.
_NOT_SPACED_WORD = re.compile(rf"[\W{UNSPACED_CHARS}]")
_PUNCTUATION = re.compile(r"[^\w]|_")
_WORD_TAIL = re.compile(rf"[^\W{UNSPACED_CHARS}]*")
# Arabic: wa- (and), fa- (so), bi- (with), li- (for), ka- (as), al- (the) and their pairs; Hebrew:
# ve- (and), ha- (the), be- (in), le- (to), mi- (from), she- (that), ke- (as) and their pairs.
ATTACHED_PREFIXES = {
    re.compile("[\u0600-\u06ff]"): (
        "و",
        "ف",
        "ب",
        "ل",
        "ك",
        "ال",
        "وال",
        "فال",
        "بال",
        "كال",
        "لل",
        "ول",
        "وب",
        "ولل",
    ),
    re.compile("[\u0590-\u05ff]"): (
        "ו",
        "ה",
        "ב",
        "ל",
        "מ",
        "ש",
        "כ",
        "וה",
        "וב",
        "ול",
        "ומ",
        "וש",
        "שה",
        "שב",
        "של",
        "מה",
        "כש",
        "ולה",
    ),
}
ANY_WORD = r"\S+\s"  # a lone ``*`` inside a phrase: any one word ("in the * app")
MAX_OPTIONAL_SPACES = 4  # beyond this many words, only the spaced and the joined-up forms


@dataclass(frozen=True)
class PhraseMatch:
    """Where a phrase was found: the same ``start()``, ``end()`` and ``group()`` as a ``re.Match``."""

    text: str
    begin: int
    finish: int

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def group(self, index: int = 0) -> str:
        if index != 0:
            raise IndexError("a phrase match has no groups")
        return self.text[self.begin : self.finish]


@dataclass(frozen=True)
class _Key:
    """What a hit of one automaton key means."""

    name: str  # the phrase list
    length: int  # characters of the key in the automaton's text
    lead: int  # characters before the phrase (its boundary space), 0 or 1
    trail: int  # characters after the phrase (its boundary space), 0 or 1
    prefix: bool  # the phrase ended in ``*``: the match runs on to the end of the word
    closed: bool  # the exact phrase ends in a letter of a spaced script: so must the word
    verify: re.Pattern[str] | None  # the exact phrase, for phrases with punctuation or a lone ``*``


def boundary_view(normalized_text: str) -> str:
    """The text with a space for every character that ends a word of a spaced script, padded
    with one space at each end so that keys may start and end with a space at the text's edges."""
    return " " + _NOT_SPACED_WORD.sub(" ", normalized_text) + " "


def _spellings(words: list[str]) -> Iterator[str]:
    """The phrase with each space between words there or not ("contact us", "contactus")."""
    gaps = len(words) - 1
    if gaps > MAX_OPTIONAL_SPACES:
        yield " ".join(words)
        yield "".join(words)
        return
    for joins in itertools.product((" ", ""), repeat=gaps):
        yield words[0] + "".join(join + word for join, word in zip(joins, words[1:], strict=True))


def _with_attached_prefixes(spellings: Iterable[str]) -> Iterator[str]:
    """Each spelling, and for Arabic and Hebrew ones also with the one-letter words those scripts
    write joined to the next word ("and", "the", "to", "in": واتصل بنا is "and contact us")."""
    for spelling in spellings:
        yield spelling
        for script, prefixes in ATTACHED_PREFIXES.items():
            if script.match(spelling):
                yield from (prefix + spelling for prefix in prefixes if not spelling.startswith(prefix))


def _exact_regex(words: list[str], prefix: bool) -> re.Pattern[str]:
    """The phrase as written, from its first character: punctuation kept, ``*`` words as any word.

    The word's end is checked apart (``_ends_word``): a Unicode class in every one of these
    patterns made compiling the lexicons take half a second.
    """
    body = r"\s*".join(ANY_WORD if word == "*" else re.escape(word) for word in words)
    return re.compile(body + (r"\w*" if prefix else ""))


def _ends_word(text: str, end: int) -> bool:
    """No letter or digit of a spaced script follows ``end``."""
    return _WORD_TAIL.match(text, end, end + 1).end() == end  # type: ignore[union-attr]


class Phrasebook:
    """Named phrase lists (in the lexicon's ``*`` syntax) compiled into one pair of automata.

    One pass over a text finds the phrases of every list at once: a page's text blocks are each
    read once, however many concepts the gatherers then ask about.
    """

    def __init__(self, lists: dict[str, Iterable[str]]) -> None:
        self.phrases = {
            name: sorted({phrase for phrase in phrases if phrase.strip() and phrase.strip() != "*"})
            for name, phrases in lists.items()
        }
        self._spaced = ahocorasick.Automaton()
        self._unspaced = ahocorasick.Automaton()
        for name, phrases in self.phrases.items():
            for phrase in phrases:
                self._add(name, phrase)
        for automaton in (self._spaced, self._unspaced):
            if len(automaton):
                automaton.make_automaton()

    def _add(self, name: str, phrase: str) -> None:
        prefix = phrase.endswith("*")
        words = normalize(phrase.rstrip("*")).split(" ")
        if not words[0] or words[0] == "*":
            return  # a phrase starting with a lone "*" would match almost anywhere
        literal = words[: words.index("*")] if "*" in words else words
        plain = literal == words and all(_PUNCTUATION.search(word) is None for word in words)
        verify = None if plain else _exact_regex(words, prefix)
        last = words[-1][-1:]
        closed = verify is not None and not prefix and last.isalnum() and not UNSPACED_SCRIPT.match(last)
        open_end = prefix or literal != words
        # Unspaced scripts have no word edges to find; a phrase of punctuation alone ("-") has none.
        if UNSPACED_SCRIPT.match(literal[0]) or not boundary_view(" ".join(literal)).strip():
            for spelling in _spellings(literal):
                self._put(self._unspaced, spelling, _Key(name, len(spelling), 0, 0, prefix, closed, verify))
            return
        for spelling in _with_attached_prefixes(_spellings(literal)):
            key, lead, trail = boundary_view(spelling), 1, 1
            if key.startswith("  "):  # the phrase starts with punctuation, which is its own boundary
                key, lead = key[1:], 0
            if open_end or key.endswith("  "):
                key, trail = key[:-1], 0
            self._put(self._spaced, key, _Key(name, len(key), lead, trail, prefix, closed, verify))

    @staticmethod
    def _put(automaton: ahocorasick.Automaton, key: str, meaning: _Key) -> None:
        keys = automaton.get(key, ())
        if meaning not in keys:
            automaton.add_word(key, (*keys, meaning))

    def hits(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """(start, end) of every phrase found in ``text`` (normalised), by list name, overlaps included."""
        spans: dict[str, list[tuple[int, int]]] = {}
        if len(self._spaced):
            for last, keys in self._spaced.iter(boundary_view(text)):
                for key in keys:
                    # The view is the text shifted right by its one leading space.
                    _place(text, last - key.length + key.lead, last - key.trail, key, spans)
        if len(self._unspaced) and UNSPACED_SCRIPT.search(text):
            for last, keys in self._unspaced.iter(text):
                for key in keys:
                    _place(text, last - key.length + 1, last + 1, key, spans)
        return spans


def _place(text: str, start: int, end: int, key: _Key, spans: dict[str, list[tuple[int, int]]]) -> None:
    """Adds the match found at ``start:end`` once the exact phrase and its word's end hold."""
    if key.verify is not None:
        exact = key.verify.match(text, start)
        if exact is None or (key.closed and not _ends_word(text, exact.end())):
            return
        end = exact.end()
    elif key.prefix:
        tail = _WORD_TAIL.match(text, end)
        end = tail.end() if tail else end
    spans.setdefault(key.name, []).append((start, end))


@lru_cache(maxsize=65536)  # the texts of a 100-page scan
def _ordered_hits(book: Phrasebook, normalized_text: str) -> dict[str, tuple[tuple[int, int], ...]]:
    """Every list's matches in ``text``, left to right and longest first at each place.

    Cached: headers, footers and link labels repeat on every page of a site, and each gatherer
    asks about the same blocks; each text is read once.
    """
    return {
        name: tuple(sorted(set(spans), key=lambda span: (span[0], -span[1])))
        for name, spans in book.hits(normalized_text).items()
    }


class PhraseMatcher:
    """One phrase list of a :class:`Phrasebook`, searched like a regular expression."""

    def __init__(self, phrases: Iterable[str] = (), book: Phrasebook | None = None, name: str = "") -> None:
        self._book = book if book is not None else Phrasebook({name: phrases})
        self._name = name
        self.phrases = self._book.phrases.get(name, [])

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def finditer(self, normalized_text: str) -> Iterator[PhraseMatch]:
        """Matches from left to right, the longest at each place, not overlapping (as ``re`` does)."""
        if not self.phrases or not normalized_text:
            return
        reached = 0
        for start, end in _ordered_hits(self._book, normalized_text).get(self._name, ()):
            if start >= reached:
                reached = end
                yield PhraseMatch(normalized_text, start, end)

    def search(self, text: str, normalized: bool = False) -> PhraseMatch | None:
        """The first match in ``text``; pass ``normalized=True`` when the text went through ``normalize``."""
        if not self.phrases or not text:
            return None
        normal = text if normalized else normalize(text)
        spans = _ordered_hits(self._book, normal).get(self._name)
        return PhraseMatch(normal, *spans[0]) if spans else None
