"""Text outside visible nodes: titles and aria-labels of contact elements, and pages whose charset lies."""

from __future__ import annotations

from checker.gather._normal import page_repair_plan
from checker.gather._page import visible_blocks
from checker.gather.chat import gather_chats
from checker.gather.phrases import gather_contact_links, gather_self_service
from tests.gather.probes import PAGE_URL, build_probe


def test_an_icon_link_titled_contact_is_a_contact_link_and_the_evidence_says_so() -> None:
    probe = build_probe(
        links=[
            {
                "text": "",
                "name": "Contact us",
                "name_from": "title",
                "title": "Contact us",
                "href": "https://www.example.com/contact-page",
                "raw_href": "/contact-page",
            }
        ]
    )
    [link] = gather_contact_links(probe, "https://www.example.com/")
    assert link.text == "Contact us"
    assert link.snippet == "Contact us (from the title attribute)"


def test_a_title_that_says_more_than_the_link_text_is_read_too() -> None:
    probe = build_probe(
        links=[
            {
                "text": "?",
                "name": "?",
                "name_from": "text",
                "title": "Help centre",
                "href": "https://www.example.com/resources",
                "raw_href": "/resources",
            }
        ]
    )
    [found] = gather_self_service(probe, PAGE_URL)
    assert found.snippet == "Help centre (from the title attribute)"


def test_a_launcher_named_only_by_its_aria_label_is_a_chat() -> None:
    probe = build_probe(
        buttons=[
            {
                "text": "",
                "name": "Chat with our team",
                "name_from": "aria-label",
                "visible": True,
                "selector": "div.entry",
            }
        ]
    )
    [chat] = gather_chats(probe, PAGE_URL)
    assert chat.vendor == "generic"
    assert chat.snippet == "Chat with our team (from the aria-label)"


def test_a_chat_vendor_is_named_by_its_page_global_or_api_call_alone() -> None:
    by_global = build_probe(globals=["LiveChatWidget"])
    by_call = build_probe(
        scripts=[{"inline_excerpt": "window.loadSupport(function(){ Intercom('show'); });"}]
    )
    assert [chat.vendor for chat in gather_chats(by_global, PAGE_URL)] == ["livechat"]
    assert [chat.vendor for chat in gather_chats(by_call, PAGE_URL)] == ["intercom"]


def test_a_lying_charset_is_undone_on_every_text_of_the_page() -> None:
    # UTF-8 read as ISO-8859-2: ftfy is sure of "SzabadidĹ\x91" alone, not of "HirdetĂŠsek".
    probe = build_probe(["SzabadidĹ\x91, sport", "HirdetĂŠsek", "GyIK – Gyakran Ismételt Kérdések"])
    assert [block.text for block in visible_blocks(probe)] == [
        "Szabadidő, sport",
        "Hirdetések",
        "GyIK – Gyakran Ismételt Kérdések",
    ]


def test_a_page_without_mojibake_is_left_alone() -> None:
    assert page_repair_plan(["Ça va? Très bien", "naïve café — “quoted”", "Łódź"]) is None
