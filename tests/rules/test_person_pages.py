"""Pages a person's browser read and sent as evidence (``PageSnapshot.supplied_by``): they cover
what the crawler could not see behind a login, but never count as shown to an anonymous visitor."""

from __future__ import annotations

from checker.channels import PageChannels, PhoneChannel
from checker.snapshot import PageSnapshot
from rules.model import Outcome
from tests.rules.conftest import ENTRY, ContextFactory, page, probed_page
from tests.rules.test_contact_rules import CONTACT, _judge, _links_to, _walled

PERSON = "evidence #1 from token alice-browser"


def _behind_the_login(signed_in: bool = True) -> PageSnapshot:
    seen = probed_page(CONTACT, texts=["Contact us", "Call us on (202) 555-0123"])
    return seen.model_copy(update={"supplied_by": PERSON, "signed_in": signed_in})


def _with_phone_on(url: str) -> dict[str, PageChannels]:
    channels = _links_to(CONTACT)
    phone = PhoneChannel(url=url, number="+12025550123", display="(202) 555-0123", source="text")
    return {**channels, url: PageChannels(phone=[phone])}


def test_a_login_wall_is_a_blind_spot_until_a_person_sends_the_page_behind_it(
    make_context: ContextFactory,
) -> None:
    crawled = [page(ENTRY), _walled()]
    before = make_context(crawled, channels=_links_to(CONTACT))
    assert any("asks visitors to log in" in reason for reason in before.blind_spots())
    assert _judge("human.channel", make_context, crawled, channels=_links_to(CONTACT)).outcome is (
        Outcome.NEEDS_REVIEW
    )

    with_person = [*crawled, _behind_the_login()]
    after = make_context(with_person, channels=_with_phone_on(CONTACT))
    assert not any("asks visitors to log in" in reason for reason in after.blind_spots())
    assert after.signed_in_urls == {CONTACT}
    human = _judge("human.channel", make_context, with_person, channels=_with_phone_on(CONTACT))
    assert human.outcome is Outcome.PASS and "1 phone" in human.message


def test_a_channel_seen_only_when_signed_in_does_not_pass_the_login_wall_rule(
    make_context: ContextFactory,
) -> None:
    pages = [page(ENTRY), _walled(), _behind_the_login()]
    finding = _judge("contact.login-wall", make_context, pages, channels=_with_phone_on(CONTACT))
    assert finding.outcome is Outcome.FAIL  # an anonymous visitor still meets the sign-in form
    anonymous = [page(ENTRY), _walled(), _behind_the_login(signed_in=False)]
    finding = _judge("contact.login-wall", make_context, anonymous, channels=_with_phone_on(CONTACT))
    assert finding.outcome is Outcome.PASS  # e.g. a site that blocked the crawler showed it to a person


def test_a_person_who_saw_no_channel_behind_the_login_turns_review_into_a_fail(
    make_context: ContextFactory,
) -> None:
    empty = probed_page(CONTACT, texts=["Your account"]).model_copy(
        update={"supplied_by": PERSON, "signed_in": True}
    )
    pages = [page(ENTRY), _walled(), empty]
    assert _judge("human.channel", make_context, pages, channels=_links_to(CONTACT)).outcome is Outcome.FAIL


def _sent_by_a_person(url: str, texts: list[str]) -> PageSnapshot:
    return probed_page(url, texts=texts).model_copy(update={"supplied_by": PERSON})


def test_a_site_that_refused_the_crawler_is_judged_from_the_pages_a_person_sent(
    make_context: ContextFactory,
) -> None:
    refused = page(ENTRY, error="HTTP 403 from the bot wall")
    person_entry = _sent_by_a_person(ENTRY, ["Welcome"])
    links = _links_to(CONTACT)  # the person's entry page links to the contact page
    assert _judge("human.channel", make_context, [refused], channels={}).outcome is Outcome.NEEDS_REVIEW
    # Where the person's page leads must be seen too before an absence is judged.
    half = make_context([refused, person_entry], channels=links)
    assert half.blind_spots() == [f"a support link on a page a person sent was not opened: {CONTACT}"]
    finding = _judge("human.channel", make_context, [refused, person_entry], channels=links)
    assert finding.outcome is Outcome.NEEDS_REVIEW
    person_contact = _sent_by_a_person(CONTACT, ["Contact us", "We answer letters only."])
    whole = [refused, person_entry, person_contact]
    assert make_context(whole, channels=links).blind_spots() == []
    assert _judge("human.channel", make_context, whole, channels=links).outcome is Outcome.FAIL
    with_phone = {**links, CONTACT: _with_phone_on(CONTACT)[CONTACT]}
    assert _judge("human.channel", make_context, whole, channels=with_phone).outcome is Outcome.PASS
