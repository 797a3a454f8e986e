from __future__ import annotations

import pytest

from checker.gather.lexicon import UnknownLanguage, all_lexicons, load_lexicon, matcher, normalize

REQUIRED = {"en", "it", "es", "de", "fr", "pt", "nl", "ja", "da", "no", "sv", "pl", "ru", "gl"}


def test_every_required_language_has_a_lexicon_with_contact_and_help_words():
    lexicons = {lexicon.lang: lexicon for lexicon in all_lexicons()}
    assert REQUIRED <= set(lexicons)
    assert all(lexicon.contact and lexicon.help and lexicon.hours for lexicon in lexicons.values())


def test_region_subtags_fall_back_to_the_language():
    assert load_lexicon("de-AT").lang == "de"
    assert load_lexicon("nb").lang == "no"
    with pytest.raises(UnknownLanguage):
        load_lexicon("xx")


def test_normalize_repairs_mojibake_and_folds_accents():
    assert normalize("VÃ¥rt serviceÃ¥tagande") == "vart serviceatagande"
    assert normalize("Åbningstider  lørdag") == "abningstider lordag"


def test_phrases_match_on_word_boundaries_and_prefixes():
    assert matcher("contact").search("Kontaktieren Sie uns")
    assert not matcher("callback").search("yandex_metrika_callbacks")
    assert matcher("self_service").search("よくあるご質問はこちら")
