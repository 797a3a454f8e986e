"""contact.dead-end and contact.login-wall on hand-made snapshots: fail only on what was seen."""

from __future__ import annotations

from checker.channels import ContactLink, EmailChannel, PageChannels, PhoneChannel
from checker.snapshot import PageSnapshot
from rules.engine import run_rule
from rules.model import Finding, Outcome
from rules.registry import all_rules
from tests.rules.conftest import ENTRY, ContextFactory, page, probed_page

CONTACT = "https://www.acme.test/contact"
LOGIN = "https://www.acme.test/login?next=/contact"
PASSWORD_FORM = {
    "visible": True,
    "region": "main",
    "selector": "form#login",
    "heading": "Sign in",
    "buttons": ["Sign in"],
    "fields": [{"type": "email"}, {"type": "password"}],
}


def _judge(
    rule_id: str, context_factory: ContextFactory, pages: list[PageSnapshot], **kwargs: object
) -> Finding:
    rule = next(rule for rule in all_rules() if rule.meta.id == rule_id)
    return run_rule(rule, context_factory(pages, **kwargs))


def _links_to(href: str, text: str = "Contact us") -> dict[str, PageChannels]:
    link = ContactLink(url=ENTRY, href=href, text=text, region="footer", selector="footer a", snippet=text)
    return {ENTRY: PageChannels(support_links=[link])}


def _phone(url: str = ENTRY) -> PhoneChannel:
    return PhoneChannel(url=url, number="+12025550123", display="(202) 555-0123", source="tel")


def test_dead_end_passes_when_the_contact_link_leads_to_a_real_page(make_context: ContextFactory) -> None:
    finding = _judge(
        "contact.dead-end", make_context, [page(ENTRY), probed_page(CONTACT)], channels=_links_to(CONTACT)
    )
    assert finding.outcome is Outcome.PASS
    assert finding.details["links"] == [
        {"href": CONTACT, "text": "Contact us", "state": "ok", "reason": "answered 200"}
    ]
    assert finding.evidence[0].selector == "footer a"


def test_dead_end_fails_on_a_404_and_on_a_soft_404(make_context: ContextFactory) -> None:
    hard = _judge(
        "contact.dead-end",
        make_context,
        [page(ENTRY), probed_page(CONTACT, status=404)],
        channels=_links_to(CONTACT),
    )
    assert hard.outcome is Outcome.FAIL and "HTTP 404" in hard.message
    assert {evidence.url for evidence in hard.evidence} == {ENTRY, CONTACT}
    soft = probed_page(
        CONTACT, title="Seite nicht gefunden", texts=["Seite nicht gefunden", "Zur Startseite"]
    )
    finding = _judge("contact.dead-end", make_context, [page(ENTRY), soft], channels=_links_to(CONTACT))
    assert finding.outcome is Outcome.FAIL and "soft 404" in finding.message


def test_dead_end_needs_review_on_answers_meant_for_crawlers(
    make_context: ContextFactory,
) -> None:
    for status in (403, 429, 451, 503):
        finding = _judge(
            "contact.dead-end",
            make_context,
            [page(ENTRY), probed_page(CONTACT, status=status)],
            channels=_links_to(CONTACT),
        )
        assert finding.outcome is Outcome.NEEDS_REVIEW, status


def test_dead_end_fails_on_empty_tel_and_mailto_links(make_context: ContextFactory) -> None:
    entry = probed_page(
        ENTRY,
        0,
        links=[
            {"raw_href": "tel:+00", "text": "Call us", "selector": "a.call"},
            {"raw_href": "mailto:", "text": "Email us"},
        ],
    )
    finding = _judge("contact.dead-end", make_context, [entry])
    assert finding.outcome is Outcome.FAIL
    assert "'tel:+00' ('Call us') has no usable tel" in finding.message
    assert finding.details["malformed"] == ["tel:+00", "mailto:"]
    assert finding.evidence[0].selector == "a.call"


def test_dead_end_needs_review_when_the_target_was_not_seen(make_context: ContextFactory) -> None:
    timed_out = page(CONTACT, 1, error="timed out", support_score=1.0)
    finding = _judge("contact.dead-end", make_context, [page(ENTRY), timed_out], channels=_links_to(CONTACT))
    assert finding.outcome is Outcome.NEEDS_REVIEW and "timed out" in finding.message
    leftovers = [{"url": CONTACT, "text": "Contact", "score": 1.0, "reason": "budget"}]
    finding = _judge(
        "contact.dead-end", make_context, [page(ENTRY)], channels=_links_to(CONTACT), leftovers=leftovers
    )
    assert finding.outcome is Outcome.NEEDS_REVIEW and "not visited (budget)" in finding.message


def test_an_off_site_contact_link_alone_needs_review_but_not_beside_a_working_one(
    make_context: ContextFactory,
) -> None:
    elsewhere = "https://help.othervendor.test/acme"
    finding = _judge("contact.dead-end", make_context, [page(ENTRY)], channels=_links_to(elsewhere))
    assert finding.outcome is Outcome.NEEDS_REVIEW and "another site" in finding.message
    links = [*_links_to(elsewhere)[ENTRY].support_links, *_links_to(CONTACT, "Kontakt")[ENTRY].support_links]
    channels = {ENTRY: PageChannels(support_links=links)}
    assert (
        _judge(
            "contact.dead-end", make_context, [page(ENTRY), probed_page(CONTACT)], channels=channels
        ).outcome
        is Outcome.PASS
    )


def test_a_contact_link_to_nowhere_needs_review_only_when_no_other_way_is_shown(
    make_context: ContextFactory,
) -> None:
    entry = probed_page(ENTRY, 0, links=[{"raw_href": "javascript:void(0)", "text": "Contact us"}])
    alone = _judge("contact.dead-end", make_context, [entry])
    assert alone.outcome is Outcome.NEEDS_REVIEW and "javascript:void(0)" in alone.message
    with_email = {ENTRY: PageChannels(email=[EmailChannel(url=ENTRY, address="help@acme.test")])}
    assert _judge("contact.dead-end", make_context, [entry], channels=with_email).outcome is Outcome.PASS


def test_dead_end_is_not_applicable_without_contact_links(make_context: ContextFactory) -> None:
    assert _judge("contact.dead-end", make_context, [page(ENTRY)]).outcome is Outcome.NOT_APPLICABLE
    blocked = _judge(
        "contact.dead-end", make_context, [page(ENTRY, error="HTTP 451", status=451)], status="blocked"
    )
    assert blocked.outcome is Outcome.NEEDS_REVIEW


def _walled(**kwargs: object) -> PageSnapshot:
    return probed_page(LOGIN, requested_url=CONTACT, forms=[PASSWORD_FORM], **kwargs)  # type: ignore[arg-type]


def test_login_wall_fails_when_the_contact_link_redirects_to_a_sign_in_form(
    make_context: ContextFactory,
) -> None:
    finding = _judge(
        "contact.login-wall", make_context, [page(ENTRY), _walled()], channels=_links_to(CONTACT)
    )
    assert finding.outcome is Outcome.FAIL
    assert CONTACT in finding.message and LOGIN in finding.message
    assert finding.evidence[0].url == LOGIN and finding.evidence[0].selector == "form#login"
    assert finding.details["login_walls"] == [{"requested": CONTACT, "url": LOGIN, "says": "Sign in Sign in"}]


def test_login_wall_fails_on_a_sign_in_notice_without_a_form(make_context: ContextFactory) -> None:
    notice = probed_page(CONTACT, texts=["Kontakt", "Bitte melden Sie sich an, um uns zu schreiben."])
    finding = _judge("contact.login-wall", make_context, [page(ENTRY), notice], channels=_links_to(CONTACT))
    assert finding.outcome is Outcome.FAIL
    assert "bitte melden sie sich an" in finding.evidence[0].snippet


def test_login_wall_passes_when_a_channel_is_shown_without_logging_in(make_context: ContextFactory) -> None:
    channels = {**_links_to(CONTACT)}
    channels[ENTRY] = channels[ENTRY].model_copy(update={"phone": [_phone()]})
    finding = _judge("contact.login-wall", make_context, [page(ENTRY), _walled()], channels=channels)
    assert finding.outcome is Outcome.PASS and "ask visitors to log in" in finding.message


def test_a_sign_in_box_in_the_header_of_a_contact_page_is_no_wall(make_context: ContextFactory) -> None:
    contact = probed_page(CONTACT, forms=[{**PASSWORD_FORM, "region": "header"}])
    finding = _judge("contact.login-wall", make_context, [page(ENTRY), contact], channels=_links_to(CONTACT))
    assert finding.outcome is Outcome.NOT_APPLICABLE


def test_login_wall_needs_review_when_part_of_the_site_was_not_seen(make_context: ContextFactory) -> None:
    leftovers = [{"url": "https://www.acme.test/help", "text": "Help", "score": 1.0, "reason": "budget"}]
    walled = _judge(
        "contact.login-wall",
        make_context,
        [page(ENTRY), _walled()],
        channels=_links_to(CONTACT),
        leftovers=leftovers,
    )
    assert walled.outcome is Outcome.NEEDS_REVIEW
    unread = [page(ENTRY), page(CONTACT, 1, error="timed out", support_score=1.0)]
    assert (
        _judge("contact.login-wall", make_context, unread, channels=_links_to(CONTACT)).outcome
        is Outcome.NEEDS_REVIEW
    )


def test_a_password_form_on_a_page_without_landmarks_is_a_wall_only_on_a_sign_in_page(
    make_context: ContextFactory,
) -> None:
    form = {**PASSWORD_FORM, "region": "other"}
    plain = probed_page(CONTACT, title="Contact - Acme", forms=[form])
    finding = _judge("contact.login-wall", make_context, [page(ENTRY), plain], channels=_links_to(CONTACT))
    assert finding.outcome is Outcome.NOT_APPLICABLE
    sign_in = probed_page(CONTACT, title="Login - Acme", forms=[form])
    finding = _judge("contact.login-wall", make_context, [page(ENTRY), sign_in], channels=_links_to(CONTACT))
    assert finding.outcome is Outcome.FAIL


def test_dead_end_fails_only_on_gone_statuses_and_needs_review_on_other_errors(
    make_context: ContextFactory,
) -> None:
    """The crawler does not retry: one 502 or a 406 meant for its request is no dead link."""
    gone = _judge(
        "contact.dead-end",
        make_context,
        [page(ENTRY), probed_page(CONTACT, status=410)],
        channels=_links_to(CONTACT),
    )
    assert gone.outcome is Outcome.FAIL and "HTTP 410" in gone.message
    for status in (400, 406, 500, 502, 504):
        finding = _judge(
            "contact.dead-end",
            make_context,
            [page(ENTRY), probed_page(CONTACT, status=status)],
            channels=_links_to(CONTACT),
        )
        assert finding.outcome is Outcome.NEEDS_REVIEW, status
        assert f"HTTP {status}" in finding.message


def test_dead_end_passes_a_contact_page_whose_faq_mentions_page_not_found(
    make_context: ContextFactory,
) -> None:
    contact = probed_page(
        CONTACT,
        title="Contact us",
        texts=["Contact us", "Why do I see 'page not found' when tracking my parcel?"],
    )
    assert contact.probe is not None
    contact.probe.text_blocks[1].tag = "h2"
    contact.probe.text_blocks[1].visibility = "collapsed"
    finding = _judge("contact.dead-end", make_context, [page(ENTRY), contact], channels=_links_to(CONTACT))
    assert finding.outcome is Outcome.PASS


def test_a_help_article_asking_to_sign_in_for_a_return_is_no_login_wall(
    make_context: ContextFactory,
) -> None:
    article = probed_page(
        CONTACT,
        title="Returns – Help",
        texts=["Returns", "To start a return, please sign in to your account."],
    )
    finding = _judge("contact.login-wall", make_context, [page(ENTRY), article], channels=_links_to(CONTACT))
    assert finding.outcome is not Outcome.FAIL
