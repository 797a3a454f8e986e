"""Call-back, self-service and consistent-help rules on hand-made snapshots, no browser."""

from __future__ import annotations

from checker.channels import (
    CallbackChannel,
    ChatChannel,
    ContactLink,
    HelpMechanism,
    PageChannels,
    PhoneChannel,
    SelfServiceChannel,
)
from checker.snapshot import FieldFact, FormFact
from rules.context import LocaleContext
from rules.engine import run_rule
from rules.model import Finding, Outcome, Rule
from rules.registry import all_rules
from tests.rules.conftest import ENTRY, ContextFactory, headed_page, mechanism, page

CONTACT = "https://www.acme.test/contact"
FAQ = "https://www.acme.test/faq"
ABOUT = "https://www.acme.test/about"
HELP_LINK = "link:https://www.acme.test/help"
CONTACT_LINK = f"link:{CONTACT}"
PHONE = "phone:+12025550123"


def _run(rule_id: str, context: LocaleContext) -> Finding:
    rule: Rule = next(rule for rule in all_rules() if rule.meta.id == rule_id)
    return run_rule(rule, context)


def _phone(url: str) -> PhoneChannel:
    return PhoneChannel(url=url, number="+12025550123", display="(202) 555-0123", selector="a.tel")


def _contact_link(url: str, visible: bool = True) -> ContactLink:
    return ContactLink(url=url, href=CONTACT, text="Contact us", visible=visible, selector="a.contact")


def _faq_link(url: str) -> HelpMechanism:
    return mechanism(url, "self_help", f"link:{FAQ}", 40, text="FAQ")


# callback.offered


def test_callback_passes_with_an_offer_and_cites_it(make_context: ContextFactory) -> None:
    offer = CallbackChannel(url=CONTACT, text="Ti richiamiamo noi", selector="form#richiamata")
    context = make_context(
        [page(ENTRY), page(CONTACT, 1)], {CONTACT: PageChannels(phone=[_phone(CONTACT)], callback=[offer])}
    )
    finding = _run("callback.offered", context)
    assert finding.outcome is Outcome.PASS
    assert "Ti richiamiamo noi" in finding.message
    assert finding.evidence[0].selector == "form#richiamata"


def test_callback_fails_with_a_phone_line_and_no_offer_when_all_was_seen(
    make_context: ContextFactory,
) -> None:
    context = make_context([page(ENTRY), page(CONTACT, 1)], {CONTACT: PageChannels(phone=[_phone(CONTACT)])})
    finding = _run("callback.offered", context)
    assert finding.outcome is Outcome.FAIL
    assert finding.details == {"phone": 1, "callback": 0}
    assert finding.evidence[0].url == CONTACT


def test_callback_needs_review_when_a_support_page_was_not_read(make_context: ContextFactory) -> None:
    pages = [page(ENTRY), page(CONTACT, 1, error="timed out", support_score=1.0)]
    context = make_context(pages, {ENTRY: PageChannels(phone=[_phone(ENTRY)])})
    finding = _run("callback.offered", context)
    assert finding.outcome is Outcome.NEEDS_REVIEW
    assert finding.details["blind_spots"]


def test_callback_is_not_applicable_without_a_phone_line(make_context: ContextFactory) -> None:
    context = make_context([page(ENTRY), page(CONTACT, 1)])
    assert _run("callback.offered", context).outcome is Outcome.NOT_APPLICABLE


def test_callback_without_a_phone_seen_but_with_blind_spots_needs_review(
    make_context: ContextFactory,
) -> None:
    leftovers = [{"url": CONTACT, "text": "Contact", "score": 1.0, "reason": "budget"}]
    context = make_context([page(ENTRY)], leftovers=leftovers)
    assert _run("callback.offered", context).outcome is Outcome.NEEDS_REVIEW


# selfservice.present


def test_selfservice_present_passes_with_a_help_centre_link(make_context: ContextFactory) -> None:
    link = SelfServiceChannel(url=ENTRY, text="Hilfe-Center", selector="footer a")
    finding = _run(
        "selfservice.present", make_context([page(ENTRY)], {ENTRY: PageChannels(self_service=[link])})
    )
    assert finding.outcome is Outcome.PASS
    assert "Hilfe-Center" in finding.message


def test_selfservice_present_counts_a_help_search(make_context: ContextFactory) -> None:
    search = mechanism(
        ENTRY, "self_help", "search:https://www.acme.test/answers", 12, "main", "How can we help?"
    )
    finding = _run(
        "selfservice.present", make_context([page(ENTRY)], {ENTRY: PageChannels(help_mechanisms=[search])})
    )
    assert finding.outcome is Outcome.PASS
    assert finding.details["help_search"] == 1


def test_selfservice_present_fails_only_when_everything_was_seen(make_context: ContextFactory) -> None:
    assert _run("selfservice.present", make_context([page(ENTRY), page(ABOUT, 1)])).outcome is Outcome.FAIL
    blind = make_context([page(ENTRY), page(FAQ, 1, error="HTTP 500", support_score=1.0)])
    assert _run("selfservice.present", blind).outcome is Outcome.NEEDS_REVIEW


# selfservice.exit


def test_selfservice_exit_fails_on_a_faq_page_without_a_way_to_a_person(make_context: ContextFactory) -> None:
    pages = [page(ENTRY), page(FAQ, 1), page(CONTACT, 1)]
    channels = {
        ENTRY: PageChannels(help_mechanisms=[_faq_link(ENTRY)], contact_links=[_contact_link(ENTRY)]),
        CONTACT: PageChannels(phone=[_phone(CONTACT)]),
    }
    finding = _run("selfservice.exit", make_context(pages, channels))
    assert finding.outcome is Outcome.FAIL
    assert finding.details["dead_ends"] == [FAQ]
    assert [evidence.url for evidence in finding.evidence] == [FAQ]


def test_selfservice_exit_passes_when_each_self_service_page_links_to_contact(
    make_context: ContextFactory,
) -> None:
    pages = [page(ENTRY), page(FAQ, 1)]
    channels = {
        ENTRY: PageChannels(help_mechanisms=[_faq_link(ENTRY)]),
        FAQ: PageChannels(contact_links=[_contact_link(FAQ)]),
    }
    finding = _run("selfservice.exit", make_context(pages, channels))
    assert finding.outcome is Outcome.PASS
    assert finding.evidence[0].selector == "a.contact"


def test_a_bot_is_no_way_out_of_self_service(make_context: ContextFactory) -> None:
    bot = ChatChannel(url=FAQ, vendor="ada", human=False)
    channels = {ENTRY: PageChannels(help_mechanisms=[_faq_link(ENTRY)]), FAQ: PageChannels(chat=[bot])}
    finding = _run("selfservice.exit", make_context([page(ENTRY), page(FAQ, 1)], channels))
    assert finding.outcome is Outcome.FAIL


def test_self_service_pages_are_recognised_by_address_and_by_heading(make_context: ContextFactory) -> None:
    by_address = "https://help.acme.test/articles/42"
    by_heading = "https://www.acme.test/page?id=7"
    pages = [page(ENTRY), page(by_address, 1), headed_page(by_heading, 1, h1="Domande frequenti")]
    finding = _run("selfservice.exit", make_context(pages))
    assert finding.outcome is Outcome.FAIL
    assert finding.details["self_service_pages"] == [by_address, by_heading]


def test_selfservice_exit_needs_review_when_a_self_service_page_could_not_be_read(
    make_context: ContextFactory,
) -> None:
    pages = [page(ENTRY), page(FAQ, 1, error="HTTP 500", support_score=1.0)]
    context = make_context(pages, {ENTRY: PageChannels(help_mechanisms=[_faq_link(ENTRY)])})
    finding = _run("selfservice.exit", context)
    assert finding.outcome is Outcome.NEEDS_REVIEW
    assert finding.details["unclear"] == [FAQ]


def test_selfservice_exit_needs_review_behind_a_login_or_a_hidden_contact_link(
    make_context: ContextFactory,
) -> None:
    login = page(FAQ, 1).model_copy(deep=True)
    assert login.probe is not None
    login.probe.forms = [
        FormFact(
            visible=True, fields=[FieldFact(type="email"), FieldFact(type="password")], buttons=["Sign in"]
        )
    ]
    channels = {ENTRY: PageChannels(help_mechanisms=[_faq_link(ENTRY)])}
    assert (
        _run("selfservice.exit", make_context([page(ENTRY), login], channels)).outcome is Outcome.NEEDS_REVIEW
    )
    hidden = {**channels, FAQ: PageChannels(support_links=[_contact_link(FAQ, visible=False)])}
    finding = _run("selfservice.exit", make_context([page(ENTRY), page(FAQ, 1)], hidden))
    assert finding.outcome is Outcome.NEEDS_REVIEW
    assert "hidden" in finding.message


def test_selfservice_exit_is_not_applicable_without_self_service_pages(make_context: ContextFactory) -> None:
    context = make_context([page(ENTRY), page(CONTACT, 1)], {CONTACT: PageChannels(phone=[_phone(CONTACT)])})
    assert _run("selfservice.exit", context).outcome is Outcome.NOT_APPLICABLE
    leftovers = [{"url": FAQ, "text": "FAQ", "score": 1.0, "reason": "budget"}]
    unvisited = make_context([page(ENTRY)], leftovers=leftovers)
    assert _run("selfservice.exit", unvisited).outcome is Outcome.NEEDS_REVIEW


# help.consistent-order


def _template(url: str, *, swapped: bool = False, extra: list[HelpMechanism] | None = None) -> PageChannels:
    """Help link in the header, contact link and phone in the footer (or the first two swapped)."""
    first, second = (CONTACT_LINK, HELP_LINK) if swapped else (HELP_LINK, CONTACT_LINK)
    mechanisms = [
        mechanism(url, "self_help" if first == HELP_LINK else "human_contact_mechanism", first, 5, "header"),
        mechanism(
            url, "human_contact_mechanism" if second == CONTACT_LINK else "self_help", second, 90, "footer"
        ),
        mechanism(url, "human_contact_details", PHONE, 95, "footer"),
        *(extra or []),
    ]
    return PageChannels(help_mechanisms=sorted(mechanisms, key=lambda found: found.order))


def test_consistent_order_passes_when_pages_share_a_template(make_context: ContextFactory) -> None:
    pages = [page(ENTRY), page(ABOUT, 1), page(CONTACT, 1)]
    finding = _run(
        "help.consistent-order", make_context(pages, {url: _template(url) for url in (ENTRY, ABOUT, CONTACT)})
    )
    assert finding.outcome is Outcome.PASS
    assert finding.details["pages_compared"] == 3
    assert finding.details["pairs_compared"] == 3


def test_consistent_order_fails_and_says_both_orders(make_context: ContextFactory) -> None:
    channels = {ENTRY: _template(ENTRY), ABOUT: _template(ABOUT, swapped=True)}
    finding = _run("help.consistent-order", make_context([page(ENTRY), page(ABOUT, 1)], channels))
    assert finding.outcome is Outcome.FAIL
    assert ENTRY in finding.message and ABOUT in finding.message
    orders = finding.details["orders"]
    assert isinstance(orders, dict)
    assert orders[ENTRY][0].startswith("self-help") and orders[ABOUT][0].startswith("contact mechanism")
    assert {evidence.url for evidence in finding.evidence} == {ENTRY, ABOUT}


def test_moving_help_to_another_region_fails_even_in_the_same_order(make_context: ContextFactory) -> None:
    moved = PageChannels(
        help_mechanisms=[
            mechanism(ABOUT, "self_help", HELP_LINK, 80, "footer"),
            mechanism(ABOUT, "human_contact_mechanism", CONTACT_LINK, 90, "footer"),
            mechanism(ABOUT, "human_contact_details", PHONE, 95, "footer"),
        ]
    )
    channels = {ENTRY: _template(ENTRY), ABOUT: moved}
    assert (
        _run("help.consistent-order", make_context([page(ENTRY), page(ABOUT, 1)], channels)).outcome
        is Outcome.FAIL
    )


def test_page_content_and_repeated_details_do_not_break_the_order(make_context: ContextFactory) -> None:
    # The contact page shows the phone and a contact link in its main content, and the phone again
    # in the header: the template's order can still be read on it.
    extra = [
        mechanism(CONTACT, "human_contact_details", PHONE, 3, "header"),
        mechanism(CONTACT, "human_contact_details", PHONE, 30, "main"),
        mechanism(CONTACT, "human_contact_mechanism", CONTACT_LINK, 31, "main"),
    ]
    channels = {ENTRY: _template(ENTRY), CONTACT: _template(CONTACT, extra=extra)}
    finding = _run("help.consistent-order", make_context([page(ENTRY), page(CONTACT, 1)], channels))
    assert finding.outcome is Outcome.PASS


def test_pages_on_another_host_are_a_different_set(make_context: ContextFactory) -> None:
    help_centre = "https://help.acme.test/"
    channels = {ENTRY: _template(ENTRY), help_centre: _template(help_centre, swapped=True)}
    finding = _run("help.consistent-order", make_context([page(ENTRY), page(help_centre, 1)], channels))
    assert finding.outcome is Outcome.NOT_APPLICABLE


def test_consistent_order_needs_two_pages_sharing_two_mechanisms(make_context: ContextFactory) -> None:
    one_shared = PageChannels(help_mechanisms=[mechanism(ABOUT, "human_contact_details", PHONE, 95)])
    channels = {ENTRY: _template(ENTRY), ABOUT: one_shared}
    assert (
        _run("help.consistent-order", make_context([page(ENTRY), page(ABOUT, 1)], channels)).outcome
        is Outcome.NOT_APPLICABLE
    )
    blind = make_context(
        [page(ENTRY), page(CONTACT, 1, error="HTTP 500", support_score=1.0)], {ENTRY: _template(ENTRY)}
    )
    finding = _run("help.consistent-order", blind)
    assert finding.outcome is Outcome.NEEDS_REVIEW
    assert finding.evidence[0].url == CONTACT
