"""The lexicons name relay, written channels and accessibility statements in the 14 original languages."""

from __future__ import annotations

import pytest

from checker.gather.lexicon import load_lexicon, matcher

ORIGINAL_LANGUAGES = ("en", "de", "fr", "it", "es", "pt", "nl", "sv", "da", "no", "pl", "ru", "ja", "gl")
ACCESS_CONCEPTS = ("relay", "text_channel", "accessibility_statement")


@pytest.mark.parametrize("lang", ORIGINAL_LANGUAGES)
def test_every_original_language_names_relay_written_channels_and_statements(lang: str) -> None:
    lexicon = load_lexicon(lang)
    for concept in ACCESS_CONCEPTS:
        assert getattr(lexicon, concept), f"{lang}.json has no {concept} phrases"


@pytest.mark.parametrize(
    ("concept", "text"),
    [
        ("accessibility_statement", "Accessibility statement"),
        ("accessibility_statement", "Erklärung zur Barrierefreiheit"),
        ("accessibility_statement", "Déclaration d’accessibilité"),
        ("accessibility_statement", "Dichiarazione di accessibilità"),
        ("accessibility_statement", "Declaración de accesibilidad"),
        ("accessibility_statement", "Toegankelijkheidsverklaring"),
        ("relay", "Using Relay UK? Dial 18001 then 020 7946 0000."),
        ("relay", "Kontakt in Deutscher Gebärdensprache über Tess Relay-Dienste"),
        ("relay", "Service client accessible en Langue des Signes Française (LSF)"),
        ("relay", "Assistenza in LIS per persone sorde"),
        ("relay", "Atención en lengua de signos española"),
        ("relay", "Klantenservice in Nederlandse Gebarentaal (NGT)"),
        ("relay", "TTY users dial 711"),
        ("text_channel", "Text us on 07700 900123"),
    ],
)
def test_the_phrases_the_issue_names_are_found(concept: str, text: str) -> None:
    assert matcher(concept).search(text) is not None


def test_ordinary_shop_text_names_no_relay() -> None:
    assert matcher("relay").search("Free delivery on orders over 50 euros. Returns within 30 days.") is None
