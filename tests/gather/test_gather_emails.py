from __future__ import annotations

from checker.gather.emails import deobfuscate, gather_emails

from .probes import PAGE_URL, build_probe


def addresses(probe) -> set[str]:
    return {email.address for email in gather_emails(probe, PAGE_URL)}


def test_mailto_behind_link_text_counts_and_trailing_dot_is_dropped():
    probe = build_probe(
        links=[
            {"raw_href": "mailto:customer_service@acme-shop.com.", "text": "Contact us"},
            {"raw_href": "mailto:?to=&subject=Look", "text": "Share"},
        ]
    )
    emails = gather_emails(probe, PAGE_URL)
    assert [(email.address, email.source) for email in emails] == [
        ("customer_service@acme-shop.com", "mailto")
    ]


def test_obfuscated_addresses_are_read():
    probe = build_probe(
        ["Write to help [at] acme-shop [dot] com", "or sales(at)acme-shop.de", "or info at shop dot nl"]
    )
    assert addresses(probe) == {"help@acme-shop.com", "sales@acme-shop.de", "info@shop.nl"}


def test_web_addresses_after_at_are_not_emails():
    assert deobfuscate("Visit us at www.example.com") == "Visit us at www.example.com"


def test_asset_names_placeholders_and_hidden_text_are_not_addresses():
    probe = build_probe(["logo@2x.png visa@3x.jpg", "e.g. email@example.com", "hidden:secret@example.org"])
    assert addresses(probe) == set()


def test_same_address_in_two_cases_is_one_channel():
    probe = build_probe(
        ["info@deklerk.nl"], links=[{"raw_href": "mailto:Info@deklerk.nl", "text": "info@deklerk.nl"}]
    )
    assert len(gather_emails(probe, PAGE_URL)) == 1
