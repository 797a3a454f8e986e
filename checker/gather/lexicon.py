"""Loads the multilingual phrase lists in ``checker/lexicons/<lang>.json`` and matches them in text.

Phrases live in data files, one per language, so a new language is a new file rather than code.
Pages often mix languages (an English badge on a Galician page, a German footer on a Dutch shop) or
declare the wrong one, so detectors match against the union of every lexicon by default; the
crawler may prefer one language's ``contact``/``help`` words through :func:`load_lexicon`.

Matching is accent- and case-insensitive (``Rückruf`` matches ``ruckruf``), on word boundaries for
alphabetic scripts. A phrase ending in ``*`` also matches longer words (``kontakt*`` matches
``Kontaktformular``), and a lone ``*`` between words stands for any one word (``in the * app``
matches "in the Fibrax app"). Scripts without spaces between words (Japanese) match anywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"
ANY_WORD = r"\S+\s"  # a lone ``*`` inside a phrase: any one word ("in the * app")
_UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Letters that Unicode does not decompose into a base letter plus an accent.
_UNDECOMPOSED = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})
_MOJIBAKE = re.compile(r"[ÃÂÐÑ][\u0080-\u00bf\u2018-\u203a\u0152-\u0178\u02c6\u02dc\u0192]|â€")


class UnknownLanguage(LookupError):
    """No lexicon file exists for the requested language."""


class Lexicon(BaseModel):
    """Phrase lists for one language, one list per concept; see ``checker/lexicons/README.md``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lang: str
    source: str = Field("", description="where the phrases came from: who wrote them, from what")
    contact: list[str] = Field(default_factory=list, description="link texts naming a contact page")
    contact_url: list[str] = Field(default_factory=list, description="URL path words of contact pages")
    help: list[str] = Field(default_factory=list, description="help or support words, for link scoring")
    self_service: list[str] = Field(default_factory=list, description="help centre, FAQ, knowledge base")
    self_service_url: list[str] = Field(default_factory=list, description="URL path words of help centres")
    callback: list[str] = Field(default_factory=list, description="offers to call the visitor back")
    callback_button: list[str] = Field(default_factory=list, description="button texts of callback forms")
    hours: list[str] = Field(default_factory=list, description="words that introduce service hours")
    days: list[str] = Field(default_factory=list, description="day names and abbreviations")
    daily: list[str] = Field(default_factory=list, description="every day, around the clock")
    wait_time: list[str] = Field(default_factory=list, description="words that introduce a queue's wait time")
    time_suffix: list[str] = Field(default_factory=list, description="words after a clock time (Uhr, am)")
    range_word: list[str] = Field(default_factory=list, description="words joining two times (to, bis)")
    not_hours: list[str] = Field(default_factory=list, description="contexts whose times are not hours")
    phone_label: list[str] = Field(default_factory=list, description="labels before a phone number")
    fax: list[str] = Field(default_factory=list, description="labels before a fax number")
    not_phone: list[str] = Field(default_factory=list, description="labels of numbers that are not phones")
    chat: list[str] = Field(default_factory=list, description="texts of chat launchers")
    human_agent: list[str] = Field(default_factory=list, description="a person answers")
    bot: list[str] = Field(default_factory=list, description="a virtual or AI assistant answers")
    login_wall: list[str] = Field(default_factory=list, description="sign in first")
    app_support: list[str] = Field(
        default_factory=list,
        description="the mobile app named as a place to act ('via the app'); counts as sending customers"
        " to the app for help only in a sentence that also names contact or help",
    )
    message_field: list[str] = Field(default_factory=list, description="form fields holding a message")
    contact_form: list[str] = Field(default_factory=list, description="headings or buttons of message forms")
    search_form: list[str] = Field(default_factory=list)
    newsletter_form: list[str] = Field(default_factory=list)
    login_form: list[str] = Field(default_factory=list)
    registration_form: list[str] = Field(default_factory=list)
    checkout_form: list[str] = Field(default_factory=list)
    review_form: list[str] = Field(default_factory=list)
    not_found: list[str] = Field(
        default_factory=list, description="titles and headings of 'page not found' pages (soft 404)"
    )
    login_required: list[str] = Field(
        default_factory=list, description="a page saying the visitor must sign in first to go on"
    )
    always_open: list[str] = Field(default_factory=list, description="around the clock")
    region_unavailable: list[str] = Field(
        default_factory=list, description="a site or service refused to visitors from the visitor's region"
    )
    relay: list[str] = Field(
        default_factory=list,
        description="relay, text-phone and sign-language access for deaf, hard-of-hearing and speech-impaired"
        " customers (Relay UK, 18001, 711, TTY, video relay, Tess, LSF, LIS, LSE, NGT, interpreters)",
    )
    text_channel: list[str] = Field(
        default_factory=list, description="a written channel named in words: SMS or messaging to the firm"
    )
    accessibility_statement: list[str] = Field(
        default_factory=list, description="link texts of an accessibility statement or page"
    )


def repair_mojibake(text: str) -> str:
    """Undoes UTF-8 read as Windows-1252/Latin-1 (``VÃ¥rt`` → ``Vårt``), common on old pages."""
    if not _MOJIBAKE.search(text):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return text


@lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """Case-folded, accent-free, single-spaced text, the form both phrases and pages are compared in.

    Cached: the same link texts and headers recur on every page of a site.
    """
    decomposed = unicodedata.normalize("NFKD", repair_mojibake(text).casefold().translate(_UNDECOMPOSED))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"\s+", " ", stripped.replace("\u00ad", "")).strip()


def _phrase_pattern(phrase: str) -> str:
    prefix = phrase.endswith("*")
    core = normalize(phrase.rstrip("*"))
    body = r"\s*".join(ANY_WORD if part == "*" else re.escape(part) for part in core.split(" "))
    if _UNSPACED_SCRIPT.search(core):
        return body
    start = r"(?<!\w)" if core[:1].isalnum() else ""
    end = r"\w*" if prefix else (r"(?!\w)" if core[-1:].isalnum() else "")
    return start + body + end


@lru_cache(maxsize=65536)
def _cached_search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """Large alternations are slow to run; headers and footers repeat the same texts on every page."""
    return pattern.search(text)


class PhraseMatcher:
    """One compiled regular expression for a list of phrases."""

    def __init__(self, phrases: Iterable[str]) -> None:
        unique = sorted({phrase for phrase in phrases if phrase.strip()}, key=len, reverse=True)
        self.phrases = unique
        self._pattern = re.compile("|".join(_phrase_pattern(p) for p in unique)) if unique else None

    def search(self, text: str, normalized: bool = False) -> re.Match[str] | None:
        """First match in ``text``; pass ``normalized=True`` when the text went through ``normalize``."""
        if self._pattern is None or not text:
            return None
        return _cached_search(self._pattern, text if normalized else normalize(text))

    def finditer(self, normalized_text: str) -> Iterable[re.Match[str]]:
        if self._pattern is None:
            return iter(())
        return self._pattern.finditer(normalized_text)

    def __bool__(self) -> bool:
        return self._pattern is not None


def available_languages() -> list[str]:
    return sorted(path.stem for path in LEXICON_DIR.glob("*.json"))


@cache
def load_lexicon(lang: str) -> Lexicon:
    """The lexicon of one language, by ISO 639-1 code (``de``, or ``de-AT`` which falls back to ``de``).

    Raises:
        UnknownLanguage: no file for that language.
    """
    code = lang.split("-")[0].split("_")[0].lower()
    if code == "nb" or code == "nn":
        code = "no"
    path = LEXICON_DIR / f"{code}.json"
    if not path.is_file():
        raise UnknownLanguage(f"no lexicon for language {lang!r}; have {', '.join(available_languages())}")
    return Lexicon.model_validate_json(path.read_text(encoding="utf-8"))


def all_lexicons() -> list[Lexicon]:
    """Every language's lexicon, in language-code order."""
    return [load_lexicon(lang) for lang in available_languages()]


@cache
def matcher(concept: str) -> PhraseMatcher:
    """A matcher for one concept over all languages, e.g. ``matcher("callback")``."""
    if concept not in Lexicon.model_fields or concept == "lang":
        raise KeyError(f"unknown lexicon concept {concept!r}")
    phrases: list[str] = []
    for lexicon in all_lexicons():
        phrases.extend(getattr(lexicon, concept))
    return PhraseMatcher(phrases)
