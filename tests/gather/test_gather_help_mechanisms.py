from __future__ import annotations

from typing import Any

import pytest

from checker.aggregate import merge_channels
from checker.channels import Channels
from checker.gather import gather_channels
from checker.gather.help_mechanisms import is_self_service_url
from checker.snapshot import LocaleSnapshots, PageSnapshot, ProbeResult

SHOP = "https://www.lumen.test/"


def link(text: str, raw_href: str, order: int, region: str = "footer", **extra: Any) -> dict[str, Any]:
    href = raw_href if ":" in raw_href else f"https://www.lumen.test{raw_href}"
    return {
        "text": text,
        "raw_href": raw_href,
        "href": href,
        "region": region,
        "visible": True,
        "selector": f"a#l{order}",
        "order": order,
        **extra,
    }


def block(text: str, order: int, region: str = "main", tag: str = "p") -> dict[str, Any]:
    return {"text": text, "tag": tag, "region": region, "selector": f"{tag}#b{order}", "order": order}


def probe(url: str = SHOP, **facts: Any) -> ProbeResult:
    return ProbeResult.model_validate({"url": url, "title": "Lumen Lamps", **facts})


def mechanisms(page_probe: ProbeResult, url: str = SHOP) -> list[tuple[str, str, str]]:
    found = gather_channels(page_probe, url, "US").help_mechanisms
    return [(mechanism.kind, mechanism.key, mechanism.region) for mechanism in found]


def test_the_four_kinds_come_in_document_order_with_their_regions() -> None:
    page_probe = probe(
        links=[
            link("Help centre", "/help", 5, "header"),
            link("Contact us", "/contact", 50),
            link("(202) 555-0123", "tel:+12025550123", 52),
        ],
        markers=[
            {"tag": "div", "id": "chat-launcher", "text": "Ask our virtual assistant", "visible": True},
        ],
        text_blocks=[block("Ask our virtual assistant", 70, "other", "div")],
        scripts=[{"src": "https://static.ada.support/embed2.js"}],
    )
    assert mechanisms(page_probe) == [
        ("self_help", "link:https://www.lumen.test/help", "header"),
        ("human_contact_mechanism", "link:https://www.lumen.test/contact", "footer"),
        ("human_contact_details", "phone:+12025550123", "footer"),
        ("automated_contact", "chat:ada", "other"),
    ]


def test_a_link_kept_as_help_and_as_self_service_counts_once_with_its_target() -> None:
    found = gather_channels(probe(links=[link("Help", "/help/", 5, "nav")]), SHOP, "US").help_mechanisms
    assert len(found) == 1
    assert found[0].href == "https://www.lumen.test/help"
    assert found[0].kind == "self_help" and found[0].order == 5


def test_hidden_links_are_left_out() -> None:
    page_probe = probe(
        links=[link("Contact us", "/contact", 5, "nav", visible=False), link("FAQ", "/faq", 9)]
    )
    assert mechanisms(page_probe) == [("self_help", "link:https://www.lumen.test/faq", "footer")]


def test_a_chat_known_only_from_its_script_is_placed_after_everything_else() -> None:
    page_probe = probe(
        links=[link("Contact us", "/contact", 40)],
        scripts=[{"src": "https://widget.intercom.io/widget/abc"}],
    )
    found = gather_channels(page_probe, SHOP, "US").help_mechanisms
    assert [mechanism.key for mechanism in found] == ["link:https://www.lumen.test/contact", "chat:intercom"]
    assert found[-1].order > found[0].order and found[-1].region == "other"


def test_a_number_shown_twice_is_placed_twice_under_one_key() -> None:
    page_probe = probe(
        text_blocks=[block("Questions about this lamp? Call (202) 555-0123.", 20)],
        links=[link("(202) 555-0123", "tel:+1-202-555-0123", 90)],
    )
    found = gather_channels(page_probe, SHOP, "US").help_mechanisms
    assert [(mechanism.key, mechanism.region) for mechanism in found] == [
        ("phone:+12025550123", "main"),
        ("phone:+12025550123", "footer"),
    ]


def test_an_email_in_text_and_its_mailto_link_are_both_places() -> None:
    page_probe = probe(
        text_blocks=[block("Write to help@lumen.test any time.", 20)],
        links=[link("help@lumen.test", "mailto:help@lumen.test", 90)],
    )
    found = gather_channels(page_probe, SHOP, "US").help_mechanisms
    assert {mechanism.key for mechanism in found} == {"email:help@lumen.test"}
    assert [mechanism.region for mechanism in found] == ["main", "footer"]


def test_contact_forms_and_callback_offers_are_human_contact_mechanisms() -> None:
    contact_form = {
        "selector": "form#contact",
        "visible": True,
        "region": "main",
        "order": 30,
        "heading": "Write to us",
        "fields": [{"type": "email", "name": "email"}, {"tag": "textarea", "name": "message"}],
        "buttons": ["Send"],
    }
    callback_form = {
        "selector": "form#rueckruf",
        "visible": True,
        "region": "aside",
        "order": 60,
        "heading": "Rückruf anfordern",
        "fields": [{"type": "text", "name": "name"}, {"type": "tel", "name": "telefon"}],
        "buttons": ["Rückruf anfordern"],
    }
    found = gather_channels(probe(forms=[contact_form, callback_form]), SHOP, "DE").help_mechanisms
    assert [(mechanism.kind, mechanism.selector, mechanism.region) for mechanism in found] == [
        ("human_contact_mechanism", "form#contact", "main"),
        ("human_contact_mechanism", "form#rueckruf", "aside"),
    ]


@pytest.mark.parametrize(
    ("heading", "page_url", "is_help"),
    [
        ("How can we help?", SHOP, True),
        ("Hilfe durchsuchen", SHOP, True),
        ("Search products", SHOP, False),
        ("Search", "https://www.lumen.test/faq", True),
    ],
)
def test_a_search_form_is_a_self_help_option_when_it_searches_help(
    heading: str, page_url: str, is_help: bool
) -> None:
    search = {
        "selector": "form#search",
        "action": "https://www.lumen.test/search",
        "visible": True,
        "order": 12,
        "heading": heading,
        "fields": [{"type": "search", "name": "q"}],
        "buttons": ["Go"],
    }
    found = [
        mechanism
        for mechanism in gather_channels(probe(url=page_url, forms=[search]), page_url, "US").help_mechanisms
        if mechanism.key.startswith("search:")
    ]
    assert bool(found) is is_help
    if found:
        assert found[0].kind == "self_help" and found[0].order == 12


def test_a_faq_heading_is_self_help_keyed_by_its_text() -> None:
    page_probe = probe(text_blocks=[block("Domande frequenti", 8, "main", "h1")])
    assert mechanisms(page_probe) == [("self_help", "text:domande frequenti", "main")]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://help.lumen.test/", True),
        ("https://www.lumen.test/faq/shipping", True),
        ("https://www.lumen.test/de/hilfe", True),
        ("https://www.lumen.test/domande-frequenti", True),
        ("https://www.lumen.test/products/desk-lamp", False),
        ("https://www.lumen.test/contact", False),
    ],
)
def test_self_service_addresses(url: str, expected: bool) -> None:
    assert is_self_service_url(url) is expected


def test_the_locale_channels_carry_no_help_mechanisms() -> None:
    page_probe = probe(links=[link("Help centre", "/help", 5, "header"), link("Contact us", "/contact", 50)])
    page_channels = {SHOP: gather_channels(page_probe, SHOP, "US")}
    assert page_channels[SHOP].help_mechanisms
    snapshots = LocaleSnapshots(
        locale="en-US",
        entry_url=SHOP,
        pages=[PageSnapshot(locale="en-US", requested_url=SHOP, probe=page_probe)],
    )
    merged = merge_channels(snapshots, page_channels)
    assert "help_mechanisms" not in merged.model_dump()
    assert "help_mechanisms" not in Channels.model_fields
    assert merged.self_service and merged.contact_links


def test_links_under_a_customer_service_path_count_only_when_they_say_contact_or_help() -> None:
    page_probe = probe(
        links=[
            link("FAQ", "/customerservice/faq", 10, "nav"),
            link("Contact us", "/customerservice/contact", 12, "nav"),
            link("Returns", "/customerservice/returns", 90),
        ]
    )
    assert mechanisms(page_probe) == [
        ("self_help", "link:https://www.lumen.test/customerservice/faq", "nav"),
        ("human_contact_mechanism", "link:https://www.lumen.test/customerservice/contact", "nav"),
    ]
