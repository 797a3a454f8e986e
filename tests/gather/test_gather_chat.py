from __future__ import annotations

import json

import pytest

from checker.gather.chat import FINGERPRINTS_PATH, gather_chats, load_vendors

from .probes import PAGE_URL, build_probe

VENDORS = json.loads(FINGERPRINTS_PATH.read_text(encoding="utf-8"))["vendors"]
REQUIRED_SLUGS = {
    "zendesk",
    "zopim",
    "intercom",
    "salesforce",
    "liveperson",
    "drift",
    "hubspot",
    "freshdesk",
    "genesys",
    "tidio",
    "livechat",
    "crisp",
    "tawkto",
    "gorgias",
    "kustomer",
    "ada",
    "olark",
    "comm100",
    "helpshift",
    "sprinklr",
    "nuance",
    "oracle",
    "zoho",
    "helpscout",
    "gladly",
    "forethought",
    "kayako",
    "boldchat",
    "livezilla",
    "purechat",
    "jivosite",
    "providesupport",
    "live2support",
    "snapengage",
    "userlike",
}


def vendors_on(probe) -> list[str]:
    return [chat.vendor for chat in gather_chats(probe, PAGE_URL)]


def test_every_required_vendor_has_a_sourced_fingerprint():
    slugs = {vendor["slug"] for vendor in VENDORS}
    assert REQUIRED_SLUGS <= slugs
    assert all(vendor["source"] for vendor in VENDORS)
    assert len(load_vendors()) == len(VENDORS)


def _probe_from_fingerprint(vendor: dict):
    if vendor["hosts"]:
        return build_probe(scripts=[{"src": f"https://cdn.{vendor['hosts'][0]}/loader.js"}])
    if vendor["globals"]:
        return build_probe(globals=[vendor["globals"][0]])
    return build_probe(markers=[{"id": vendor["markers"][0].strip("^$") + "Launcher", "visible": True}])


@pytest.mark.parametrize("vendor", VENDORS, ids=[vendor["slug"] for vendor in VENDORS])
def test_each_vendor_is_recognised_from_its_own_fingerprint(vendor):
    assert vendors_on(_probe_from_fingerprint(vendor)) == [vendor["slug"]]


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"scripts": [{"src": "https://v2.zopim.com/?2fZ6DR"}]}, ["zopim"]),
        ({"scripts": [{"src": "https://static.zdassets.com/ekr/snippet.js?key=1"}]}, ["zendesk"]),
        (
            {
                "scripts": [
                    {
                        "inline_excerpt": "window.zEmbed||function(e,t){}",
                        "urls": ["https://assets.zendesk.com/embeddable_framework/main.js"],
                    }
                ]
            },
            ["zendesk"],
        ),
        (
            {"scripts": [{"src": "https://textchat.bank.example/hcp/html/mTag.js?site=LPBank1"}]},
            ["liveperson"],
        ),
        ({"scripts": [{"inline_excerpt": "lpMTagConfig.deploymentID = 'x';"}]}, ["liveperson"]),
        ({"meta": [{"name": "link:dns-prefetch", "content": "server.lon.liveperson.net"}]}, ["liveperson"]),
        (
            {"links": [{"raw_href": "https://livechat.boldchat.com/aid/1/bc.chat", "name": "Live Chat"}]},
            ["boldchat"],
        ),
        (
            {
                "links": [
                    {
                        "raw_href": "https://help.shop.example/visitor/index.php?/Default/LiveChat/Chat/Request/x",
                        "text": "Live Chat",
                    }
                ]
            },
            ["kayako"],
        ),
        (
            {
                "links": [
                    {
                        "raw_href": "javascript:void(window.open('http://x.example/livezilla/chat.php'))",
                        "name": "Live Help",
                    }
                ]
            },
            ["livezilla"],
        ),
        ({"globals": ["wpcom_olark"]}, ["olark"]),
        ({"scripts": [{"src": "https://cdn.shopify.com/s/files/1/t/7/assets/olark.js?1"}]}, ["olark"]),
        ({"forms": [{"action": "https://admin.instantservice.com/servlet/Customer"}]}, ["instantservice"]),
    ],
)
def test_vendor_is_named_by_any_of_its_traces(facts, expected):
    assert vendors_on(build_probe(**facts)) == expected


@pytest.mark.parametrize(
    "facts",
    [
        {"links": [{"raw_href": "http://scoutforce.com/contact-us/", "text": "Contact"}]},
        {"scripts": [{"src": "https://static.zdassets.com/hc/assets/hc_enduser.js"}]},
        {"scripts": [{"src": "https://image.providesupport.example/cclivechat.png"}]},
        {"scripts": [{"src": "https://support.example.com/widgets/freshwidget.js"}]},
        {"scripts": [{"inline_excerpt": "yandex_metrika_callbacks.push(function(){});"}]},
    ],
)
def test_lookalikes_are_not_chats(facts):
    assert vendors_on(build_probe(**facts)) == []


def test_visible_launcher_without_a_vendor_is_generic():
    probe = build_probe(links=[{"raw_href": "javascript:openHelp(1004)", "text": "Live Chat"}])
    chats = gather_chats(probe, PAGE_URL)
    assert [chat.vendor for chat in chats] == ["generic"]


def test_hidden_launcher_and_plain_text_are_not_chats():
    probe = build_probe(
        ["You can reach us online"],
        links=[{"raw_href": "javascript:chat()", "text": "Live Chat Unavailable", "visible": False}],
    )
    assert vendors_on(probe) == []


def test_bot_first_vendor_is_not_human():
    probe = build_probe(globals=["adaEmbed"])
    assert gather_chats(probe, PAGE_URL)[0].human is False


def test_page_words_decide_human_when_the_vendor_cannot():
    agents = build_probe(["Chat with us - all agents are busy"], globals=["zE"])
    bot = build_probe(["Chat with our virtual assistant"], globals=["zE"])
    silent = build_probe(globals=["zE"])
    assert gather_chats(agents, PAGE_URL)[0].human is True
    assert gather_chats(bot, PAGE_URL)[0].human is False
    assert gather_chats(silent, PAGE_URL)[0].human is None


def test_a_live_chat_label_does_not_make_a_bot_vendor_human():
    probe = build_probe(
        ["Live chat - ask our assistant anything"],
        scripts=[{"src": "https://static.ada.support/embed2.js"}],
    )
    (chat,) = gather_chats(probe, PAGE_URL)
    assert (chat.vendor, chat.human) == ("ada", False)
    staffed = build_probe(
        ["Live chat: talk to an agent now"], scripts=[{"src": "https://static.ada.support/embed2.js"}]
    )
    assert gather_chats(staffed, PAGE_URL)[0].human is True
