from __future__ import annotations

from typing import Any

from checker.gather.pagekind import (
    is_login_page,
    link_problems,
    login_required,
    login_titled,
    loose_hours,
    soft_404,
)

from .probes import PAGE_URL, build_probe


def heading(text: str, tag: str = "h1", region: str = "main") -> dict[str, Any]:
    return {"text": text, "tag": tag, "region": region, "visibility": "visible", "selector": tag}


def problems(links: list[dict[str, Any]], country: str = "US", **facts: Any) -> list[tuple[str, str]]:
    probe = build_probe(links=links, **facts)
    return [(problem.href, problem.problem) for problem in link_problems(probe, PAGE_URL, country)]


def test_soft_404_is_read_from_the_title_or_a_top_heading_in_many_languages():
    for title in ("Page not found – Acme", "Seite nicht gefunden", "Pagina non trovata | Negozio", "404"):
        assert soft_404(build_probe(title=title), PAGE_URL) is not None, title
    for text in (
        "Página no encontrada",
        "Page introuvable",
        "Pagina niet gevonden",
        "ページが見つかりません",
    ):
        signal = soft_404(build_probe(text_blocks=[heading(text)]), PAGE_URL)
        assert signal is not None and signal.selector == "h1", text


def test_soft_404_is_cautious_about_paragraphs_long_headings_and_ordinary_pages():
    paragraph = {**heading("If you see 'page not found', clear your cache."), "tag": "p"}
    long_heading = heading("Why do I get page not found when I open my invoice from the email we sent?")
    for probe in (
        build_probe(title="Contact us", text_blocks=[paragraph]),
        build_probe(title="Help", text_blocks=[long_heading]),
        build_probe(title="Model 404 desk lamp"),
        build_probe(title="Contact", text_blocks=[{**heading("Page not found"), "visibility": "hidden"}]),
    ):
        assert soft_404(probe, PAGE_URL) is None


def test_a_visible_password_form_makes_a_login_page():
    form = {"visible": True, "fields": [{"type": "email"}, {"type": "password"}], "region": "main"}
    assert is_login_page(build_probe(forms=[form]))
    assert not is_login_page(build_probe(forms=[{**form, "visible": False}]))
    assert not is_login_page(build_probe(forms=[{**form, "fields": [{"type": "email"}]}]))


def test_sign_in_notices_count_in_the_page_content_only():
    assert login_required(build_probe(["Please sign in to contact us."]), PAGE_URL) is not None
    assert login_required(build_probe(["Melden Sie sich an, um uns eine Nachricht zu senden."]), PAGE_URL)
    assert login_required(build_probe(["Accedi per contattarci tramite l'area riservata."]), PAGE_URL)
    footer = {**heading("Please log in to see your orders"), "tag": "p", "region": "footer"}
    assert login_required(build_probe(text_blocks=[footer]), PAGE_URL) is None
    assert login_required(build_probe(["Log in to your account or call us."]), PAGE_URL) is None


def test_empty_and_placeholder_tel_and_mailto_links_are_malformed():
    links = [
        {"raw_href": "tel:", "text": "Call us"},
        {"raw_href": "tel:+00", "text": "Call us"},
        {"raw_href": "tel:000-000-0000", "text": "Phone"},
        {"raw_href": "mailto:", "text": "Email us"},
        {"raw_href": "mailto:?subject=Help", "text": "Email us"},
        {"raw_href": "mailto:support@acme", "text": "Email us"},
    ]
    assert [kind for _href, kind in problems(links)] == ["malformed_tel"] * 3 + ["malformed_mailto"] * 3


def test_working_tel_mailto_and_short_codes_are_no_problem():
    links = [
        {"raw_href": "tel:+12025550123", "text": "Call"},
        {"raw_href": "tel:112", "text": "Emergency"},
        {"raw_href": "mailto:help@acme.test?subject=Hi", "text": "Email"},
        {"raw_href": "mailto:?to=help%40acme.com", "text": "Email"},
        {"raw_href": "tel:", "text": "Hidden call button", "visible": False},
    ]
    assert problems(links) == []


def test_contact_links_that_go_nowhere_are_noted_but_other_dummy_links_are_not():
    links = [
        {"raw_href": "#", "href": PAGE_URL + "#", "text": "Contact us"},
        {"raw_href": "javascript:void(0)", "text": "Kontakt"},
        {"raw_href": "#", "text": "Menu"},
    ]
    assert problems(links) == [("#", "no_target"), ("javascript:void(0)", "no_target")]


def test_tel_numbers_are_invalid_or_of_an_unknown_country():
    links = [
        {"raw_href": "tel:+39 06 123", "text": "Chiamaci"},
        {"raw_href": "tel:020 7946 0000", "text": "Call our London office"},
        {"raw_href": "tel:0039 02 1234 5678", "text": "Milano"},
    ]
    assert problems(links) == [("tel:+39 06 123", "invalid_number"), ("tel:020 7946 0000", "unknown_country")]
    assert problems(links[1:2], lang="en-GB") == []


def test_hours_without_a_time_range_are_hours_but_delivery_promises_are_not():
    probe = build_probe(
        [
            "Our team is here for you 24/7.",
            "Wir sind rund um die Uhr erreichbar.",
            "Every day, 8am to midnight Pacific Time.",
            "Deliveries 24/7 across London",
            "Orders placed by 2pm on Friday ship the same day.",
            "Our shop opened in 1998 on Main Street.",
        ]
    )
    assert [hours.text for hours in loose_hours(probe, PAGE_URL)] == [
        "our team is here for you 24/7.",
        "wir sind rund um die uhr erreichbar.",
        "every day, 8am to midnight pacific time.",
    ]


def test_a_sign_in_page_is_named_so_in_its_title_or_heading():
    assert login_titled(build_probe(title="Login – Acme"))
    assert login_titled(build_probe(text_blocks=[heading("Accedi")]))
    assert not login_titled(build_probe(title="Contact us", text_blocks=[heading("Write to us")]))


def test_a_collapsed_faq_question_about_page_not_found_does_not_make_a_soft_404():
    question = "Why do I see 'page not found' when tracking my parcel?"
    probe = build_probe(
        title="Contact us – Acme",
        text_blocks=[
            heading("Contact us"),
            {**heading(question, "h2"), "visibility": "collapsed", "selector": "details h2"},
            {**heading("Clear your cache and try the link again.", "p"), "visibility": "collapsed"},
        ],
    )
    assert soft_404(probe, PAGE_URL) is None


def test_only_the_main_heading_of_a_page_can_call_it_not_found():
    faq = [heading("Help with your order"), heading("Page not found?", "h2")]
    faq += [heading(f"Answer {index}.", "p") for index in range(10)]
    assert soft_404(build_probe(title="Help", text_blocks=faq), PAGE_URL) is None
    short_without_h1 = [heading("Page not found", "h2"), heading("Back to the home page", "p")]
    signal = soft_404(build_probe(title="Acme", text_blocks=short_without_h1), PAGE_URL)
    assert signal is not None and signal.selector == "h2"
    long_without_h1 = [heading("Page not found?", "h2")] + faq[2:]
    assert soft_404(build_probe(title="Help", text_blocks=long_without_h1), PAGE_URL) is None


def test_a_sign_in_notice_must_be_about_contacting():
    article = "To start a return, please sign in to your account and open the order."
    assert login_required(build_probe([article]), PAGE_URL) is None
    for notice in ("Members only.", "Sign in to continue to your orders."):
        assert login_required(build_probe(["Returns", notice]), PAGE_URL) is None, notice
    assert login_required(build_probe(["Please sign in to send us a message."]), PAGE_URL)
    assert login_required(build_probe(["Please sign in. Then chat with our team."]), PAGE_URL) is None
    assert login_required(build_probe(["Please log in to chat with our team."]), PAGE_URL)


def test_a_bare_sign_in_notice_counts_under_a_contact_heading_or_beside_a_sign_in_form():
    under_heading = build_probe(text_blocks=[heading("Customer service"), heading("Please sign in.", "p")])
    assert login_required(under_heading, PAGE_URL) is not None
    form = {"visible": True, "region": "main", "fields": [{"type": "email"}, {"type": "password"}]}
    assert login_required(build_probe(["Members only."], forms=[form]), PAGE_URL) is not None
    header_box = {**form, "region": "header"}
    assert login_required(build_probe(["Members only."], forms=[header_box]), PAGE_URL) is None


def test_four_digit_times_count_as_a_single_clock_time_but_years_and_phones_do_not():
    probe = build_probe(
        [
            "Open daily from 0800",
            "Every day until 2200 hrs",
            "Serving customers every day since 1945",
            "Call 0800 123 4567 every day",
        ]
    )
    assert [hours.text for hours in loose_hours(probe, PAGE_URL)] == [
        "open daily from 0800",
        "every day until 2200 hrs",
    ]
