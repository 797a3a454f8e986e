"""The frontier goes to support-like links first and never yields a URL twice."""

from __future__ import annotations

import pytest

from checker.frontier import Frontier, support_score


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("Contact us", "/x"),
        ("Contatti", "/x"),
        ("Kontakt", "/x"),
        ("Contacto", "/x"),
        ("Nous contacter", "/x"),
        ("Fale conosco", "/x"),
        ("お問い合わせ", "/x"),
        ("Assistenza clienti", "/x"),
        ("Atención al cliente", "/x"),
        ("Klantenservice", "/x"),
        ("", "/kontakt/"),
        ("", "/help-center"),
    ],
)
def test_support_words_in_many_languages_score_high(text: str, path: str) -> None:
    assert support_score(text, f"https://www.example.test{path}") >= 0.6


@pytest.mark.parametrize(
    ("text", "path"), [("Products", "/p/1"), ("Servicemaster tools", "/tools"), ("Blog", "/blog")]
)
def test_ordinary_links_score_zero(text: str, path: str) -> None:
    assert support_score(text, f"https://www.example.test{path}") == 0


def test_link_text_outweighs_the_same_word_in_the_path() -> None:
    assert support_score("Contact", "https://a.test/x") > support_score("", "https://a.test/contact")


def test_best_first_then_breadth_first() -> None:
    frontier = Frontier()
    frontier.add("https://a.test/", 0)
    frontier.add("https://a.test/p1", 1, "Product one", "https://a.test/")
    frontier.add("https://a.test/about", 1, "About us", "https://a.test/")
    frontier.add("https://a.test/contact", 2, "Contact", "https://a.test/about")
    frontier.add("https://a.test/p2", 1, "Product two", "https://a.test/")
    order = [item.url for item in iter(frontier.pop, None)]
    assert order == [
        "https://a.test/contact",
        "https://a.test/about",
        "https://a.test/",
        "https://a.test/p1",
        "https://a.test/p2",
    ]


def test_a_url_is_queued_once() -> None:
    frontier = Frontier()
    assert frontier.add("https://a.test/x", 1, "x", "https://a.test/")
    assert not frontier.add("https://a.test/x", 2, "Contact", "https://a.test/y")
    assert len(frontier) == 1


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("Accessibility statement", "/x"),
        ("Erklärung zur Barrierefreiheit", "/x"),
        ("Prohlášení o přístupnosti", "/x"),
        ("Saavutettavuusseloste", "/x"),
        ("Δήλωση προσβασιμότητας", "/x"),
        ("הצהרת נגישות", "/x"),
        ("", "/declaration-accessibilite"),
    ],
)
def test_statement_links_are_visited_early_but_are_no_support_links(text: str, path: str) -> None:
    frontier = Frontier()
    frontier.add("https://a.test/p1", 1, "Product one", "https://a.test/")
    frontier.add(f"https://a.test{path}", 3, text, "https://a.test/contact")
    first = frontier.pop()
    assert first is not None and first.url == f"https://a.test{path}"
    assert first.score == 0  # saved as the page's support score: the rules do not count it as support


def test_a_statement_link_waits_for_contact_and_help_links() -> None:
    frontier = Frontier()
    frontier.add("https://a.test/accessibility", 1, "Accessibility statement", "https://a.test/")
    frontier.add("https://a.test/faq", 2, "Help centre", "https://a.test/about")
    frontier.add("https://a.test/contact", 2, "Contact us", "https://a.test/about")
    assert [item.url for item in iter(frontier.pop, None)] == [
        "https://a.test/contact",
        "https://a.test/faq",
        "https://a.test/accessibility",
    ]
