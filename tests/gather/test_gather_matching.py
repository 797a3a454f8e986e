"""Phrase matching per script: word edges where a script has spaces, none where it has not."""

from __future__ import annotations

from checker.gather._matching import Phrasebook, PhraseMatcher
from checker.gather.lexicon import matcher, normalize


def _found(phrases: list[str], text: str) -> str | None:
    match = PhraseMatcher(phrases).search(text)
    return match.group() if match else None


def test_spaced_scripts_match_whole_words_only() -> None:
    assert _found(["help"], "Need help?") == "help"
    assert _found(["help"], "(Help)") == "help"
    assert _found(["help"], "helpful tips") is None
    assert _found(["help"], "self_help") is None
    assert _found(["помощь"], "Нужна помощь.") == "помощь"
    assert _found(["помощь"], "помощью") is None


def test_phrases_without_spaces_match_inside_running_text() -> None:
    # Chinese, Korean and Thai lexicons are coming: their phrases sit between other words unspaced.
    assert _found(["联系我们"], "如有问题请联系我们谢谢") == "联系我们"
    assert _found(["고객센터"], "고객센터에 문의하세요") == normalize("고객센터")  # NFKD: Hangul as jamo
    assert _found(["ติดต่อเรา"], "กรุณาติดต่อเราได้ทุกวัน") == normalize("ติดต่อเรา")
    assert matcher("contact").search("ご不明な点はお問い合わせください")


def test_a_latin_phrase_inside_unspaced_text_is_a_word() -> None:
    assert _found(["faq"], "よくあるFAQページ") == "faq"
    assert _found(["faq"], "faqs") is None


def test_lexicon_syntax_prefixes_wildcards_and_optional_spaces() -> None:
    assert _found(["kontakt*"], "Zum Kontaktformular") == "kontaktformular"
    assert _found(["in the * app"], "Chat with us in the Fibrax app") == "in the fibrax app"
    assert _found(["in the * app"], "in the app") is None
    assert _found(["contact us"], "ContactUs") == "contactus"


def test_punctuation_in_a_phrase_is_kept() -> None:
    assert _found(["tel."], "Tel.: 030 1234") == "tel."
    assert _found(["tel."], "Tel 030 1234") is None
    assert _found(["f.a.q."], "See the F.A.Q. page") == "f.a.q."
    assert _found(["24/7"], "Open 24/7!") == "24/7"


def test_matches_are_leftmost_then_longest_and_do_not_overlap() -> None:
    text = normalize("customer service and service desk")
    spans = [
        match.group()
        for match in PhraseMatcher(["customer service", "service", "service desk"]).finditer(text)
    ]
    assert spans == ["customer service", "service desk"]


def test_one_book_answers_for_every_list_from_one_reading() -> None:
    book = Phrasebook({"contact": ["contact us"], "help": ["help"]})
    contact, help_ = PhraseMatcher(book=book, name="contact"), PhraseMatcher(book=book, name="help")
    text = normalize("Help: contact us")
    assert contact.search(text, normalized=True).start() == 6  # type: ignore[union-attr]
    assert help_.search(text, normalized=True).end() == 4  # type: ignore[union-attr]
    assert book.hits(text) == {"help": [(0, 4)], "contact": [(6, 16)]}


def test_turkish_dotless_i_folds_like_its_capital() -> None:
    assert normalize("çağrı") == normalize("ÇAĞRI") == "cagri"


def test_arabic_and_hebrew_words_joined_to_a_phrase_still_find_it() -> None:
    assert _found(["اتصل"], "يمكنك واتصل بنا") == "واتصل"
    assert _found(["اتصل"], "الاتصالات") is None
    assert _found(["שירות לקוחות"], "פנו לשירות לקוחות") == "לשירות לקוחות"
