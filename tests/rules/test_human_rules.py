"""human.bot-only, human.phone-valid and human.hours on hand-made snapshots."""

from __future__ import annotations

from checker.channels import ChatChannel, EmailChannel, HoursChannel, PageChannels, PhoneChannel, PhoneKind
from checker.snapshot import PageSnapshot
from rules.engine import run_rule
from rules.model import Finding, Outcome
from rules.registry import all_rules
from tests.rules.conftest import ENTRY, ContextFactory, page, probed_page

CONTACT = "https://www.acme.test/contact"
BOT = ChatChannel(url=ENTRY, vendor="ada", human=False, selector="script[src*=ada]")
UNKNOWN_CHAT = ChatChannel(url=ENTRY, vendor="intercom", human=None)
LEFTOVER = [{"url": CONTACT, "text": "Contact", "score": 1.0, "reason": "deadline"}]


def _judge(
    rule_id: str,
    context_factory: ContextFactory,
    channels: PageChannels | None = None,
    pages: list[PageSnapshot] | None = None,
    **kwargs: object,
) -> Finding:
    rule = next(rule for rule in all_rules() if rule.meta.id == rule_id)
    pages = pages or [page(ENTRY)]
    return run_rule(rule, context_factory(pages, {ENTRY: channels or PageChannels()}, **kwargs))


def _phone(
    number: str, kind: PhoneKind = "geographic", valid: bool = True, region: str = "US"
) -> PhoneChannel:
    return PhoneChannel(url=ENTRY, number=number, display=number, kind=kind, valid=valid, region=region)


def test_bot_only_is_not_applicable_without_a_chat(make_context: ContextFactory) -> None:
    assert _judge("human.bot-only", make_context).outcome is Outcome.NOT_APPLICABLE


def test_bot_only_fails_when_a_bot_is_the_only_channel(make_context: ContextFactory) -> None:
    finding = _judge("human.bot-only", make_context, PageChannels(chat=[BOT]))
    assert finding.outcome is Outcome.FAIL and "ada" in finding.message
    assert finding.evidence[0].selector == "script[src*=ada]"
    assert finding.details["chats"] == [{"vendor": "ada", "human": False}]


def test_bot_only_passes_when_a_person_is_reachable_too(make_context: ContextFactory) -> None:
    email = EmailChannel(url=ENTRY, address="help@acme.test")
    assert (
        _judge("human.bot-only", make_context, PageChannels(chat=[BOT], email=[email])).outcome
        is Outcome.PASS
    )
    human_chat = ChatChannel(url=ENTRY, vendor="livechat", human=True)
    assert (
        _judge("human.bot-only", make_context, PageChannels(chat=[BOT, human_chat])).outcome is Outcome.PASS
    )


def test_bot_only_needs_review_for_an_unknown_chat_or_an_unseen_site(make_context: ContextFactory) -> None:
    unknown = _judge("human.bot-only", make_context, PageChannels(chat=[BOT, UNKNOWN_CHAT]))
    assert unknown.outcome is Outcome.NEEDS_REVIEW and "intercom" in unknown.message
    blind = _judge("human.bot-only", make_context, PageChannels(chat=[BOT]), leftovers=LEFTOVER)
    assert blind.outcome is Outcome.NEEDS_REVIEW and "could not be seen" in blind.message


def test_phone_valid_passes_with_details_for_each_number(make_context: ContextFactory) -> None:
    finding = _judge("human.phone-valid", make_context, PageChannels(phone=[_phone("+12025550123")]))
    assert finding.outcome is Outcome.PASS
    assert finding.details["numbers"] == [
        {
            "number": "+12025550123",
            "display": "+12025550123",
            "kind": "geographic",
            "valid": True,
            "region": "US",
            "url": ENTRY,
        }
    ]


def test_phone_valid_fails_on_premium_rate_and_says_which(make_context: ContextFactory) -> None:
    phones = [_phone("+12025550123"), _phone("+39899123456", "premium_rate", region="IT")]
    finding = _judge("human.phone-valid", make_context, PageChannels(phone=phones))
    assert finding.outcome is Outcome.FAIL and "+39899123456, IT) is premium-rate" in finding.message
    assert finding.details["premium_rate"] == ["+39899123456"]


def test_phone_valid_fails_on_an_invalid_number(make_context: ContextFactory) -> None:
    gathered = _judge(
        "human.phone-valid", make_context, PageChannels(phone=[_phone("+3906123", "unknown", False)])
    )
    assert gathered.outcome is Outcome.FAIL and gathered.details["invalid"] == ["+3906123"]
    entry = probed_page(
        ENTRY, 0, links=[{"raw_href": "tel:+39 06 123", "text": "Chiamaci", "selector": "a.tel"}]
    )
    linked = _judge("human.phone-valid", make_context, pages=[entry])
    assert linked.outcome is Outcome.FAIL and "'tel:+39 06 123' (+3906123) is not a valid" in linked.message
    assert linked.evidence[0].selector == "a.tel"


def test_phone_valid_needs_review_for_a_national_number_of_an_unknown_country(
    make_context: ContextFactory,
) -> None:
    entry = probed_page(ENTRY, 0, links=[{"raw_href": "tel:020 7946 0000", "text": "London office"}])
    finding = _judge("human.phone-valid", make_context, pages=[entry])
    assert finding.outcome is Outcome.NEEDS_REVIEW and "no country code" in finding.message
    assert finding.details["numbers"][0]["valid"] is None  # type: ignore[index]


def test_phone_valid_without_numbers_is_not_applicable_unless_blind(make_context: ContextFactory) -> None:
    assert _judge("human.phone-valid", make_context).outcome is Outcome.NOT_APPLICABLE
    assert _judge("human.phone-valid", make_context, leftovers=LEFTOVER).outcome is Outcome.NEEDS_REVIEW


def test_hours_apply_to_phone_and_human_chat_only(make_context: ContextFactory) -> None:
    assert _judge("human.hours", make_context).outcome is Outcome.NOT_APPLICABLE
    assert _judge("human.hours", make_context, PageChannels(chat=[BOT])).outcome is Outcome.NOT_APPLICABLE


def test_hours_pass_when_stated_or_open_around_the_clock(make_context: ContextFactory) -> None:
    hours = HoursChannel(url=ENTRY, text="Mon-Fri 9am-5pm", snippet="Mon-Fri 9am-5pm")
    stated = _judge("human.hours", make_context, PageChannels(phone=[_phone("+12025550123")], hours=[hours]))
    assert stated.outcome is Outcome.PASS and "Mon-Fri 9am-5pm" in stated.message
    entry = probed_page(ENTRY, 0, texts=["Help", "Our advisers answer 24/7."])
    always = _judge("human.hours", make_context, PageChannels(chat=[UNKNOWN_CHAT]), pages=[entry])
    assert always.outcome is Outcome.PASS and "24/7" in always.message


def test_hours_fail_when_everything_was_seen_and_need_review_otherwise(make_context: ContextFactory) -> None:
    phone = PageChannels(phone=[_phone("+12025550123")])
    assert _judge("human.hours", make_context, phone).outcome is Outcome.FAIL
    blind = _judge("human.hours", make_context, phone, leftovers=LEFTOVER)
    assert blind.outcome is Outcome.NEEDS_REVIEW and blind.details["blind_spots"]
