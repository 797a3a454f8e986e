"""The language a page is written in, and whether supportcheck has phrase lists to read it.

Without a lexicon for a page's language, detection still finds ``tel:``/``mailto:`` links, chat
widgets and message forms, but not the words that name a contact page, a call back or service
hours. Rules must then not take "not found" for "not there"; this module only says which
language a page is in, and ``rules.context`` turns an unread one into a blind spot.

The page's text decides first, because templates often declare the wrong ``lang`` (a Slovak
shop built on an English theme says ``lang="en"``). Text too short or too mixed to tell falls
back to the declared ``lang`` attribute, then to the ``Content-Language`` header. Text is
identified with py3langid (a maintained fork of langid.py: a naive Bayes model over byte
n-grams, about 0.5 ms per page sample and a few MB beside numpy, covering every EU language).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from checker.gather._warm import MadeOnce
from checker.gather.computed import per_probe
from checker.gather.langid_model import load_identifier
from checker.gather.lexicon import available_languages, repair_mojibake
from checker.snapshot import ProbeResult

LANGUAGE_NAMES_FILE = Path(__file__).resolve().parent.parent / "language_names.json"
MIN_DETECTABLE_CHARS = 80  # below this, identification from text is a guess
MIN_CONFIDENCE = 0.90  # normalised probability of the best language
SAMPLE_CHARS = 6000  # enough text to tell; a long page is not read twice
# Codes the identifier or pages use for a language whose lexicon has another code.
_ALIASES = {
    "nb": "no",
    "nn": "no",
    "yue": "zh",
    "wuu": "zh",
    "ary": "ar",
    "arz": "ar",
    "hbo": "he",
    "iw": "he",
    "in": "id",
    "srl": "sr",
    "uzs": "uz",
    "zxx": "",  # "no linguistic content": nothing to read
}

LanguageSource = Literal["text", "lang", "content-language", "none"]


@dataclass(frozen=True)
class PageLanguage:
    """The language of one page and how it was told."""

    code: str  # ISO 639-1 where one exists; "" when nothing told
    source: LanguageSource = "none"
    confidence: float | None = None  # for ``text``: the identifier's normalised probability

    @property
    def name(self) -> str:
        return language_name(self.code)

    @property
    def readable(self) -> bool:
        """False only for a known language without a lexicon; an untold language is not a blind spot."""
        return not self.code or has_lexicon(self.code)


def primary_subtag(tag: str) -> str:
    """``sk-SK`` → ``sk``, ``pt_BR`` → ``pt``, ``de, en`` → ``de``; aliases folded (``nb`` → ``no``)."""
    first = tag.split(",")[0].strip().replace("_", "-").split("-")[0].lower()
    if not first.isalpha() or first in ("x", "i", "und", "mul"):
        return ""
    return _ALIASES.get(first, first)


@cache
def has_lexicon(code: str) -> bool:
    return code in available_languages()


@cache
def _language_names() -> dict[str, str]:
    names: dict[str, str] = json.loads(LANGUAGE_NAMES_FILE.read_text(encoding="utf-8"))
    return names


def language_name(code: str) -> str:
    """The English name of a language code, or the code itself when the list lacks it."""
    return _language_names().get(code, code) if code else "an unknown language"


_identifier = MadeOnce("language-model", load_identifier)
warm_up = _identifier.warm_up


def identify_text(text: str) -> tuple[str, float] | None:
    """The language of a text and the identifier's confidence, or None when it is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if sum(char.isalpha() for char in sample) < MIN_DETECTABLE_CHARS:
        return None
    code, probability = _identifier.get().classify(sample)
    return primary_subtag(code), float(probability)


def page_text(probe: ProbeResult) -> str:
    """The title and the first ``SAMPLE_CHARS`` characters a visitor can read (shown or a click away).

    Only what the identifier reads is joined and repaired: a long page's other blocks would cost
    a copy and a mojibake check of tens of kilobytes for nothing.
    """
    parts, length = [probe.title], len(probe.title)
    for block in probe.text_blocks:
        if length >= SAMPLE_CHARS:
            break
        if block.visibility != "hidden":
            parts.append(block.text)
            length += len(block.text) + 2
    return repair_mojibake(" \n".join(parts)[:SAMPLE_CHARS])


@per_probe
def page_language(probe: ProbeResult, content_language: str = "") -> PageLanguage:
    """The language of one probed page: its text when that tells, else what the page declares.

    Args:
        probe: the page's probe result (its text and ``<html lang>``).
        content_language: the ``Content-Language`` response header, if any.
    """
    identified = identify_text(page_text(probe))
    if identified is not None and identified[0] and identified[1] >= MIN_CONFIDENCE:
        return PageLanguage(identified[0], "text", round(identified[1], 3))
    if declared := primary_subtag(probe.lang):
        return PageLanguage(declared, "lang")
    if declared := primary_subtag(content_language):
        return PageLanguage(declared, "content-language")
    return PageLanguage("")
