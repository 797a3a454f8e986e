"""Loads the multilingual phrase lists in ``checker/lexicons/<lang>.json`` and matches them in text.

Phrases live in data files, one per language, so a new language is a new file rather than code.
Pages often mix languages (an English badge on a Galician page, a German footer on a Dutch shop) or
declare the wrong one, so detectors match against the union of every lexicon by default; the
crawler may prefer one language's ``contact``/``help`` words through :func:`load_lexicon`.

Matching is accent- and case-insensitive (``Rückruf`` matches ``ruckruf``), on word boundaries for
scripts written with spaces. A phrase ending in ``*`` also matches longer words (``kontakt*``
matches ``Kontaktformular``), and a lone ``*`` between words stands for any one word (``in the *
app`` matches "in the Fibrax app"). Phrases in scripts without spaces between words (Japanese,
Chinese, Korean, Thai) match anywhere; how is in ``checker/gather/_matching.py``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from checker.gather._matching import Phrasebook, PhraseMatch, PhraseMatcher
from checker.gather._normal import normalize, repair_mojibake
from checker.gather._warm import MadeOnce

__all__ = [
    "Lexicon",
    "PhraseMatch",
    "PhraseMatcher",
    "Phrasebook",
    "UnknownLanguage",
    "all_lexicons",
    "available_languages",
    "load_lexicon",
    "matcher",
    "normalize",
    "repair_mojibake",
]

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"


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
    third_party: list[str] = Field(
        default_factory=list,
        description="words naming another party whose numbers follow (a card administered by a bank,"
        " the seller of a classified ad): a number after them in the same block is not the firm's",
    )
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


PHRASE_CONCEPTS = tuple(name for name, info in Lexicon.model_fields.items() if info.annotation == list[str])


def _build_phrasebook() -> Phrasebook:
    """Every concept of every language in one automaton: a text is read once for all concepts.

    Building it costs about 0.3 s, so a crawl starts it in the background (``warm_up_phrasebook``).
    """
    lexicons = all_lexicons()
    return Phrasebook(
        {
            concept: [phrase for lexicon in lexicons for phrase in getattr(lexicon, concept)]
            for concept in PHRASE_CONCEPTS
        }
    )


_phrasebook = MadeOnce("phrasebook", _build_phrasebook)
phrasebook = _phrasebook.get
warm_up_phrasebook = _phrasebook.warm_up


@cache
def matcher(concept: str) -> PhraseMatcher:
    """A matcher for one concept over all languages, e.g. ``matcher("callback")``."""
    if concept not in PHRASE_CONCEPTS:
        raise KeyError(f"unknown lexicon concept {concept!r}")
    return PhraseMatcher(book=phrasebook(), name=concept)
