"""The three foundation rules on hand-made snapshots: pass, fail, and needs_review when blind."""

from __future__ import annotations

from checker.channels import ChatChannel, ContactLink, PageChannels, PhoneChannel
from checker.snapshot import FieldFact, FormFact, LinkFact
from rules.engine import judge_locale, run_rule, score
from rules.model import Finding, Impact, Outcome, Rule, Verdict
from rules.registry import all_rules
from tests.rules.conftest import ENTRY, ContextFactory, page, stand_in_rule, with_header

CONTACT = "https://www.acme.test/contact"


def _rule(rule_id: str) -> Rule:
    return next(rule for rule in all_rules() if rule.meta.id == rule_id)


def _phone(url: str) -> PhoneChannel:
    return PhoneChannel(
        url=url, number="+12025550123", display="(202) 555-0123", selector="a.tel", snippet="Call us"
    )


def _contact_link(region: str, visible: bool = True) -> ContactLink:
    return ContactLink(
        url=ENTRY, href=CONTACT, text="Contact us", region=region, visible=visible, selector="a#c"
    )


def test_human_channel_passes_with_a_phone_and_cites_it(make_context: ContextFactory) -> None:
    context = make_context([page(ENTRY), page(CONTACT, 1)], {CONTACT: PageChannels(phone=[_phone(CONTACT)])})
    finding = run_rule(_rule("human.channel"), context)
    assert finding.outcome is Outcome.PASS
    assert finding.evidence[0].url == CONTACT and finding.evidence[0].selector == "a.tel"


def test_human_channel_fails_only_when_everything_was_seen(make_context: ContextFactory) -> None:
    context = make_context([page(ENTRY), page(CONTACT, 1)])
    assert run_rule(_rule("human.channel"), context).outcome is Outcome.FAIL


def test_human_channel_needs_review_when_a_support_page_timed_out(make_context: ContextFactory) -> None:
    context = make_context([page(ENTRY), page(CONTACT, 1, error="timed out", support_score=1.0)])
    finding = run_rule(_rule("human.channel"), context)
    assert finding.outcome is Outcome.NEEDS_REVIEW
    assert "could not be seen" in finding.message


def test_human_channel_needs_review_when_support_links_were_left_unvisited(
    make_context: ContextFactory,
) -> None:
    leftovers = [{"url": CONTACT, "text": "Contact", "score": 1.0, "reason": "budget"}]
    context = make_context([page(ENTRY)], leftovers=leftovers)
    assert run_rule(_rule("human.channel"), context).outcome is Outcome.NEEDS_REVIEW


def test_human_channel_needs_review_when_the_entry_is_blocked(make_context: ContextFactory) -> None:
    context = make_context([page(ENTRY, error="HTTP 451", status=451)], status="blocked")
    assert run_rule(_rule("human.channel"), context).outcome is Outcome.NEEDS_REVIEW


def test_a_bot_is_not_a_human_channel_and_an_unknown_chat_needs_review(make_context: ContextFactory) -> None:
    bot = ChatChannel(url=ENTRY, vendor="ada", human=False)
    unknown = ChatChannel(url=ENTRY, vendor="generic", human=None)
    assert (
        run_rule(
            _rule("human.channel"), make_context([page(ENTRY)], {ENTRY: PageChannels(chat=[bot])})
        ).outcome
        is Outcome.FAIL
    )
    assert (
        run_rule(
            _rule("human.channel"), make_context([page(ENTRY)], {ENTRY: PageChannels(chat=[unknown])})
        ).outcome
        is Outcome.NEEDS_REVIEW
    )


def test_an_entry_page_without_landmarks_or_with_a_footer_mailto(make_context: ContextFactory) -> None:
    rule = _rule("contact.entry-link")
    assert run_rule(rule, make_context([page(ENTRY)])).outcome is Outcome.NEEDS_REVIEW
    entry = with_header(page(ENTRY))
    assert entry.probe is not None
    entry.probe.links.append(
        LinkFact(
            text="Contact us",
            href="mailto:help@acme.test",
            raw_href="mailto:help@acme.test",
            region="footer",
            visible=True,
        )
    )
    assert run_rule(rule, make_context([entry])).outcome is Outcome.PASS


def test_entry_link_in_footer_passes_in_body_only_fails_hidden_needs_review(
    make_context: ContextFactory,
) -> None:
    rule = _rule("contact.entry-link")
    for region, visible, expected in [
        ("footer", True, Outcome.PASS),
        ("main", True, Outcome.FAIL),
        ("nav", False, Outcome.NEEDS_REVIEW),
    ]:
        context = make_context(
            [with_header(page(ENTRY))], {ENTRY: PageChannels(support_links=[_contact_link(region, visible)])}
        )
        assert run_rule(rule, context).outcome is expected, region


def test_a_help_link_in_the_header_is_enough(make_context: ContextFactory) -> None:
    help_link = ContactLink(
        url=ENTRY, href="https://help.acme.test/", text="Help", region="header", kind="help"
    )
    context = make_context([page(ENTRY)], {ENTRY: PageChannels(support_links=[help_link])})
    assert run_rule(_rule("contact.entry-link"), context).outcome is Outcome.PASS


def test_entry_link_fails_without_links_and_needs_review_when_entry_unreadable(
    make_context: ContextFactory,
) -> None:
    rule = _rule("contact.entry-link")
    assert run_rule(rule, make_context([with_header(page(ENTRY))])).outcome is Outcome.FAIL
    assert (
        run_rule(rule, make_context([page(ENTRY, error="timed out")], status="error")).outcome
        is Outcome.NEEDS_REVIEW
    )


def test_contact_depth_reports_the_shallowest_channel(make_context: ContextFactory) -> None:
    rule = _rule("contact.depth")
    deep = "https://www.acme.test/a/b/c/d/contact"
    shallow_context = make_context(
        [page(ENTRY), page(CONTACT, 2)], {CONTACT: PageChannels(phone=[_phone(CONTACT)])}
    )
    finding = run_rule(rule, shallow_context)
    assert (finding.outcome, finding.details["depth"]) == (Outcome.PASS, 2)
    deep_context = make_context([page(ENTRY), page(deep, 4)], {deep: PageChannels(phone=[_phone(deep)])})
    finding = run_rule(rule, deep_context)
    assert (finding.outcome, finding.details["depth"]) == (Outcome.FAIL, 4)


def test_contact_depth_is_not_applicable_without_channels_and_needs_review_when_blind(
    make_context: ContextFactory,
) -> None:
    rule = _rule("contact.depth")
    assert run_rule(rule, make_context([page(ENTRY)])).outcome is Outcome.NOT_APPLICABLE
    blind = make_context([page(ENTRY), page(CONTACT, 1, error="timed out", support_score=1.0)])
    assert run_rule(rule, blind).outcome is Outcome.NEEDS_REVIEW


def test_a_rule_that_raises_yields_error_and_the_others_still_run(make_context: ContextFactory) -> None:
    def broken(_context: object) -> Verdict:
        raise KeyError("artifact")

    findings = judge_locale(
        make_context([page(ENTRY)]), [stand_in_rule("test.broken", broken), _rule("human.channel")]
    )
    assert [f.outcome for f in findings] == [Outcome.ERROR, Outcome.FAIL]
    assert "KeyError" in findings[0].message


def _finding(outcome: Outcome, impact: Impact) -> Finding:
    return Finding(rule="x", outcome=outcome, impact=impact, message="")


def test_score_weights_impacts_like_lighthouse_and_ignores_unjudged() -> None:
    findings = [
        _finding(Outcome.PASS, Impact.CRITICAL),
        _finding(Outcome.FAIL, Impact.SERIOUS),
        _finding(Outcome.NEEDS_REVIEW, Impact.CRITICAL),
        _finding(Outcome.PASS, Impact.MINOR),
    ]
    assert score(findings) == round(100 * (10 + 1) / (10 + 7 + 1))
    assert score([_finding(Outcome.NEEDS_REVIEW, Impact.CRITICAL)]) is None


def test_a_support_link_that_lands_on_a_login_form_needs_review(make_context: ContextFactory) -> None:
    login = page("https://www.acme.test/login?next=/contact", 1, support_score=1.0)
    assert login.probe is not None
    login.probe.forms = [FormFact(visible=True, fields=[FieldFact(type="email"), FieldFact(type="password")])]
    finding = run_rule(_rule("human.channel"), make_context([page(ENTRY), login]))
    assert finding.outcome is Outcome.NEEDS_REVIEW
    assert "log in" in finding.message


def test_a_human_channel_failure_cites_the_support_pages_first(make_context: ContextFactory) -> None:
    pages = [
        page(ENTRY),
        *(page(f"https://www.acme.test/p{n}", 1) for n in range(6)),
        page(CONTACT, 1, support_score=1.0),
    ]
    finding = run_rule(_rule("human.channel"), make_context(pages))
    assert finding.outcome is Outcome.FAIL
    assert finding.evidence[0].url == CONTACT
    assert len(finding.details["pages_visited"]) == 8  # type: ignore[arg-type]
