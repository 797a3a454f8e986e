from __future__ import annotations

from checker.gather.emails import gather_emails
from checker.gather.phones import gather_phones
from checker.snapshot import ProbeResult

from .probes import PAGE_URL, build_probe


def numbers(probe, country: str = "US", url: str = PAGE_URL) -> set[str]:
    return {phone.number for phone in gather_phones(probe, url, country)}


def test_tel_link_and_text_number_are_one_channel_each():
    probe = build_probe(["Call us on 1-800-963-4816"], links=[{"raw_href": "tel:8009634816", "text": "Call"}])
    phones = gather_phones(probe, PAGE_URL, "US")
    assert [phone.number for phone in phones] == ["+18009634816"]
    assert phones[0].source == "tel" and phones[0].kind == "toll_free"


def test_fax_labels_are_skipped_before_and_after_the_label():
    probe = build_probe(
        [
            "Tel: 817-426-3900 Fax: 817-426-3901",
            "Fax: Dial 1-253-891-2523",
            "Via Fax:",
            "716-706-0319",
            "214-555-0199 (fax)",
        ]
    )
    assert numbers(probe) == {"+18174263900"}


def test_registry_vat_and_postcode_numbers_are_not_phones():
    probe = build_probe(["Tlf.: 3123 6110 CVR: 35545905", "BTW NL8187.34.567.B01 KvK 22043526"], lang="da-DK")
    assert numbers(probe, url="https://www.example.dk/") == {"+4531236110"}


def test_dates_prices_zip_codes_and_ids_are_not_phones():
    probe = build_probe(
        [
            "Rates valid on 05/19/2014 10:00 AM ET",
            "PO Box 93094-0508",
            "Price $1,299.00",
            "Variant 31468315213933",
        ]
    )
    assert numbers(probe) == set()


def test_national_numbers_are_read_in_the_page_country_first():
    probe = build_probe(["Bel ons: 0486 45 45 45"], lang="nl")
    phones = gather_phones(probe, "http://127.0.0.1/page", "US")
    assert [(phone.number, phone.region) for phone in phones] == [("+31486454545", "NL")]


def test_country_codes_written_on_the_page_teach_the_region():
    probe = build_probe(["International: +44 (0)844 243 0000", "UK customers: 0844 984 0261"])
    assert numbers(probe, url="http://127.0.0.1/x") == {"+448442430000", "+448449840261"}


def test_hidden_text_is_ignored_but_collapsed_accordions_count():
    probe = build_probe(["hidden:Call 1.800.669.6607", "collapsed:Call 1.800.933.6262"])
    assert numbers(probe) == {"+18009336262"}


def test_kinds_come_from_the_numbering_plan():
    probe = build_probe(
        ["Freephone 0800 133 233 1", "Zentrale 0234 77733 3345", "Mobil 0151 23456789"], lang="de"
    )
    kinds = {phone.number: phone.kind for phone in gather_phones(probe, "https://x.de/", "DE")}
    assert kinds["+498001332331"] == "toll_free"
    assert kinds["+49234777333345"] == "geographic"
    assert kinds["+4915123456789"] == "mobile"


def test_tel_link_holding_an_email_is_not_a_phone():
    probe = build_probe(links=[{"raw_href": "tel:+support@example.org", "text": "support@example.org"}])
    assert numbers(probe) == set()


def test_bare_digit_runs_need_a_label():
    probe = build_probe(["Order 03302233731 shipped", "Phone: 03302233731"])
    assert numbers(probe, country="GB", url="https://x.co.uk/") == {"+443302233731"}


def test_opening_hours_are_no_phone_number() -> None:
    probe = build_probe(["Lahtiolekuajad: esmaspäevast reedeni 9.00–17.00"], url="https://www.example.ee/")
    assert gather_phones(probe, "https://www.example.ee/", "EE") == []


def test_a_number_handed_to_another_party_is_not_the_firms() -> None:
    text = (
        "All of our Store Cards are administered by Santander Cards. For any queries relating to your card,"
        " please contact Santander on 0871 522 5454."
    )
    assert gather_phones(build_probe([text]), "https://www.example.co.uk/", "GB") == []


def test_a_links_rendered_spaces_keep_its_phone_and_email_apart() -> None:
    # Two inline spans in one link: the text walk joins them unspaced, the link's innerText does not.
    probe = ProbeResult.model_validate(
        {
            "url": "https://www.pirk.lt/",
            "text_blocks": [{"text": "8 5 222 2222pagalba@pirk.lt", "tag": "a", "selector": "header > a"}],
            "links": [
                {
                    "text": "8 5 222 2222 pagalba@pirk.lt",
                    "href": "https://www.pirk.lt/pagalba/",
                    "selector": "header > a",
                    "visible": True,
                }
            ],
        }
    )
    assert [phone.number for phone in gather_phones(probe, "https://www.pirk.lt/", "LT")] == ["+37052222222"]
    assert [email.address for email in gather_emails(probe, "https://www.pirk.lt/")] == ["pagalba@pirk.lt"]
