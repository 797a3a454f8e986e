"""Which language a page is in, and whether a lexicon can read it."""

from __future__ import annotations

import pytest

from checker.gather.language import PageLanguage, has_lexicon, page_language, primary_subtag
from checker.snapshot import ProbeResult, TextBlock

VIETNAMESE = (
    "Liên hệ với chúng tôi. Bộ phận chăm sóc khách hàng làm việc từ thứ Hai đến thứ Sáu, "
    "từ tám giờ sáng đến sáu giờ chiều. Hãy gọi cho chúng tôi hoặc ghé thăm cửa hàng."
)
ENGLISH = (
    "Contact us. Our customer service team is available Monday to Friday from nine to five. "
    "Call us, send us an email or visit one of our shops."
)


def probe(text: str = "", lang: str = "", hidden: str = "") -> ProbeResult:
    blocks = [TextBlock(text=text)] if text else []
    blocks += [TextBlock(text=hidden, visibility="hidden")] if hidden else []
    return ProbeResult(lang=lang, text_blocks=blocks)


def test_the_text_wins_over_a_wrong_lang_attribute() -> None:
    language = page_language(probe(VIETNAMESE, lang="en"))
    assert (language.code, language.source, language.readable) == ("vi", "text", False)
    assert language.name == "Vietnamese"


def test_a_page_in_a_covered_language_is_readable_whatever_it_declares() -> None:
    language = page_language(probe(ENGLISH, lang="vi"))
    assert (language.code, language.readable) == ("en", True)


def test_short_text_falls_back_to_the_lang_attribute_then_the_header() -> None:
    assert page_language(probe("Trang chủ", lang="vi-VN")) == PageLanguage("vi", "lang")
    assert page_language(probe("Trang chủ"), content_language="th, en") == PageLanguage(
        "th", "content-language"
    )
    assert not page_language(probe("Trang chủ", lang="vi-VN")).readable


def test_hidden_text_does_not_decide() -> None:
    assert page_language(probe("Home", lang="en", hidden=VIETNAMESE)).code == "en"


def test_a_page_that_tells_nothing_is_not_called_unreadable() -> None:
    language = page_language(probe("Home"))
    assert (language.code, language.readable) == ("", True)


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("sk-SK", "sk"),
        ("pt_BR", "pt"),
        ("nb-NO", "no"),
        ("nn", "no"),
        ("iw", "he"),
        ("x-default", ""),
        ("", ""),
    ],
)
def test_language_tags_reduce_to_the_lexicon_code(tag: str, code: str) -> None:
    assert primary_subtag(tag) == code


def test_norwegian_bokmal_is_read_by_the_norwegian_lexicon() -> None:
    assert has_lexicon(primary_subtag("nb"))
