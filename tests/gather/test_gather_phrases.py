from __future__ import annotations

import pytest

from checker.gather.phrases import (
    gather_callback_text,
    gather_contact_links,
    gather_hours,
    gather_self_service,
    gather_support_links,
    gather_wait_times,
)
from checker.snapshot import LinkFact, ProbeResult

from .probes import PAGE_URL, build_probe


@pytest.mark.parametrize(
    "text",
    [
        "Request a callback from an adviser",
        "Nutzen Sie unseren Rückrufservice",
        "Перезвоните мне",
        "Boka samtal på ditt språk",
        "Fatti richiamare da un consulente",
        "Demande de rappel gratuit",
        "Wij bellen u terug",
    ],
)
def test_callback_offers_in_many_languages(text):
    assert gather_callback_text(build_probe([text]), PAGE_URL)


def test_callback_in_markup_or_consent_lines_is_not_an_offer():
    probe = build_probe(
        ["By entering your number you agree that we may call or email you"],
        scripts=[{"src": "https://maps.example.com/api.js?callback=_xdc_"}],
    )
    assert gather_callback_text(probe, PAGE_URL) == []


def test_callback_image_link_counts_through_its_alt_text():
    probe = build_probe(links=[{"raw_href": "/kontakt/boka", "text": "", "name": "Boka samtal"}])
    assert gather_callback_text(probe, PAGE_URL)


@pytest.mark.parametrize(
    "texts",
    [
        ["Customer care: Mon.-Fri. 8 a.m.-10 p.m. ET"],
        ["Hotline Mo.-Fr. 07-19 Uhr, Sa. 08-16 Uhr"],
        ["Maandag", "09.00 - 12.15u | 13.15 - 17.30u"],
        ["+7 (347) 229-45-02Ежедневно с 8:00 до 23:00"],
        ["Du lundi au vendredi de 9h00 à 18h00"],
        ["SUN - SAT 8am - 7pm CST"],
        ["collapsed:Opening hours: Monday through Sunday, 6AM to 6PM"],
    ],
)
def test_service_hours_in_many_forms(texts):
    assert gather_hours(build_probe(texts), PAGE_URL)


@pytest.mark.parametrize(
    "texts",
    [
        ["Rates valid on 05/19/2014 10:00 AM ET"],
        ["Monday to Friday: delivery between 7am and 7pm"],
        ["Termine nach Vereinbarung, Mo-Fr 9-17 Uhr"],
        ["hidden:Open Monday to Friday 9:00-17:00"],
        ["Call 1-800-226-7667 today"],
    ],
)
def test_times_that_are_not_service_hours(texts):
    assert gather_hours(build_probe(texts), PAGE_URL) == []


def test_self_service_links_and_on_page_faq():
    probe = build_probe(
        ["Часто задаваемые вопросы"], links=[{"raw_href": "https://example.com/General-Faqs", "text": "FAQ"}]
    )
    assert len(gather_self_service(probe, PAGE_URL)) == 2


def test_contact_and_chat_links_are_not_self_service():
    probe = build_probe(
        links=[
            {"raw_href": "/contact", "text": "Contact and Support"},
            {"raw_href": "#liveHelp", "text": "Live Help"},
        ]
    )
    assert gather_self_service(probe, PAGE_URL) == []


def test_contact_links_by_label_and_by_path():
    probe = build_probe(
        links=[
            {"raw_href": "https://example.com/pages/kontakt", "text": "Kontakt"},
            {"raw_href": "https://example.com/contact", "text": "Get Help"},
        ]
    )
    assert {link.href for link in gather_contact_links(probe, PAGE_URL)} == {
        "https://example.com/pages/kontakt",
        "https://example.com/contact",
    }


def test_anchors_mailto_and_hidden_links_are_not_contact_links():
    probe = build_probe(
        links=[
            {"raw_href": "#kundeservice", "href": PAGE_URL + "#kundeservice", "text": "Kundeservice"},
            {"raw_href": "mailto:shop@example.fr", "text": "Contactez-nous"},
            {"raw_href": "/contact", "text": "Contact", "visible": False},
            {"raw_href": "/catalog/feedback-suppressors", "text": "Подавители обратной связи"},
        ]
    )
    assert gather_contact_links(probe, PAGE_URL) == []


SITE = "https://www.example.test"


def test_support_links_keep_help_links_and_hidden_contact_links():
    probe = ProbeResult(
        url=PAGE_URL,
        links=[
            LinkFact(
                text="Help",
                href="https://www.example.test/help",
                raw_href="/help",
                region="header",
                visible=True,
            ),
            LinkFact(
                text="Contact", href="https://www.example.test/contact", raw_href="/contact", region="nav"
            ),
            LinkFact(text="Shop", href="https://www.example.test/shop", raw_href="/shop", visible=True),
        ],
    )
    links = {link.href: (link.kind, link.visible) for link in gather_support_links(probe, PAGE_URL)}
    assert links == {f"{SITE}/help": ("help", True), f"{SITE}/contact": ("contact", False)}
    assert gather_contact_links(probe, PAGE_URL) == [], "contact_links holds visible contact links only"


def test_a_link_seen_as_help_and_as_contact_counts_as_contact():
    probe = ProbeResult(
        url=PAGE_URL,
        links=[
            LinkFact(text="Support", href=f"{SITE}/contact", raw_href="/contact", region="nav", visible=True),
            LinkFact(
                text="Contact us", href=f"{SITE}/contact", raw_href="/contact", region="footer", visible=True
            ),
        ],
    )
    assert [link.kind for link in gather_support_links(probe, PAGE_URL)] == ["contact"]
    assert len(gather_contact_links(probe, PAGE_URL)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Current wait time: about 4 minutes",
        "Tempo di attesa stimato: 10 minuti",
        "Aktuelle Wartezeit: ca. 15 Minuten",
        "Temps d'attente moyen : 3 min",
        "現在の待ち時間は約5分です",
    ],
)
def test_wait_times_in_several_languages(text: str) -> None:
    probe = build_probe([text])
    assert [channel.text for channel in gather_wait_times(probe, PAGE_URL)] == [text]


@pytest.mark.parametrize(
    "text", ["Please wait while we load your basket", "Delivery within 3 days, no waiting time"]
)
def test_wait_words_without_a_queue_duration_are_not_wait_times(text: str) -> None:
    assert gather_wait_times(build_probe([text]), PAGE_URL) == []


@pytest.mark.parametrize(
    "text",
    [
        "Mon–Fri 9–5",
        "Monday-Friday 0800-1800",
        "8 till 8, seven days a week",
        "(Mo-Fr 9-17)",
        "Lunes a viernes de 9 a 18",
        "Phone lines: 9-5 Monday to Friday, local time",
    ],
)
def test_hours_as_bare_numbers_beside_a_day_word(text):
    assert gather_hours(build_probe([text]), PAGE_URL)


@pytest.mark.parametrize(
    "text",
    [
        "Order 2 to 3 items",
        "Monday deals: order 2 to 3 items",
        "9-17 years old",
        "Season 2024-2025, every Sunday",
        "Call 1-800-555-0199 Monday to Friday",
        "Weekend sale: $9-17 off",
        "Saturday sale: 10-20% off",
        "Every day 9-17 €",
        "00-950 Warszawa, poniedziałek",
        "Ships Monday to Friday, arrives in 3-5 days",
        "Sunday 12-24-2024",
        "Call 08-123 45 67 on weekdays",
        "Every day since 1945-2000",
    ],
)
def test_bare_number_ranges_that_are_not_hours(text):
    assert gather_hours(build_probe([text]), PAGE_URL) == []


def test_range_words_of_every_lexicon_join_two_times() -> None:
    for text in ("Pracovní doba: pondělí až pátek od 8:00 do 16:00", "Pon–pia 8:00 do 16:00"):
        assert gather_hours(build_probe([text]), PAGE_URL), text


def test_articles_seven_and_eight_are_no_hours() -> None:
    assert gather_hours(build_probe(["i diritti di cui agli artt. 7 e 8 del Dlgs 196/03"]), PAGE_URL) == []
