"""Never accuse falsely: everything the crawl could not see turns a would-be failure into
needs_review, and broken detection or rules become errors, not crashes or verdicts."""

from __future__ import annotations

import pytest

from checker.channels import ChatChannel, PageChannels, PhoneChannel
from checker.snapshot import ConsentNote, FieldFact, FormFact, LocaleSnapshots, ScriptFact
from rules import context as context_module
from rules.context import build_context
from rules.engine import judge_locale, run_rule
from rules.model import Outcome, Rule
from rules.registry import all_rules
from tests.rules.conftest import ENTRY, ContextFactory, page, stand_in_rule, with_header

CONTACT = "https://www.acme.test/contact"


def _rule(rule_id: str) -> Rule:
    return next(rule for rule in all_rules() if rule.meta.id == rule_id)


def test_a_crawl_cut_by_the_deadline_cannot_fail_human_channel(make_context: ContextFactory) -> None:
    context = make_context([page(ENTRY)], status="partial")
    assert run_rule(_rule("human.channel"), context).outcome is Outcome.NEEDS_REVIEW


@pytest.mark.parametrize("hidden", ["consent", "truncated", "login"])
def test_an_entry_page_read_only_in_part_cannot_fail(make_context: ContextFactory, hidden: str) -> None:
    entry = with_header(page(ENTRY))
    assert entry.probe is not None
    if hidden == "consent":
        entry.consent = ConsentNote(action="none", button_text="accept all")
    elif hidden == "truncated":
        entry.probe.truncated = ["links"]
    else:
        entry.probe.forms = [
            FormFact(visible=True, fields=[FieldFact(type="email"), FieldFact(type="password")])
        ]
    context = make_context([entry])
    for rule_id in ("human.channel", "contact.entry-link"):
        assert run_rule(_rule(rule_id), context).outcome is not Outcome.FAIL, rule_id


def test_a_deep_channel_is_needs_review_when_a_nearer_page_was_not_seen(make_context: ContextFactory) -> None:
    deep = "https://www.acme.test/a/b/c/contact"
    phone = PhoneChannel(url=deep, number="+12025550123", display="202 555 0123")
    context = make_context(
        [page(ENTRY), page(CONTACT, 1, error="timed out", support_score=1.0), page(deep, 4)],
        {deep: PageChannels(phone=[phone])},
    )
    finding = run_rule(_rule("contact.depth"), context)
    assert finding.outcome is Outcome.NEEDS_REVIEW
    assert finding.details["depth"] == 4


def test_a_gatherer_that_crashes_on_one_page_is_a_blind_spot(monkeypatch: pytest.MonkeyPatch) -> None:
    real_gather = context_module.gather_channels

    def flaky(probe, url, country):  # type: ignore[no-untyped-def]
        if url == CONTACT:
            raise ValueError("odd markup")
        return real_gather(probe, url, country)

    monkeypatch.setattr(context_module, "gather_channels", flaky)
    snapshots = LocaleSnapshots(locale="en-US", entry_url=ENTRY, pages=[page(ENTRY), page(CONTACT, 1)])
    context = build_context(snapshots)
    assert CONTACT not in context.page_channels
    assert any("detection failed" in reason for reason in context.blind_spots())
    assert run_rule(_rule("human.channel"), context).outcome is Outcome.NEEDS_REVIEW


def test_a_rule_that_returns_garbage_is_an_error_for_that_rule_only(make_context: ContextFactory) -> None:
    garbage = stand_in_rule("test.garbage", lambda _context: None)
    findings = judge_locale(make_context([page(ENTRY)]), [garbage, _rule("human.channel")])
    assert findings[0].outcome is Outcome.ERROR
    assert findings[1].outcome is Outcome.FAIL


def test_an_application_shell_that_never_drew_cannot_fail(make_context: ContextFactory) -> None:
    entry = page(ENTRY)
    assert entry.probe is not None
    entry.probe.scripts = [ScriptFact(src="https://www.acme.test/bundle.js")]
    context = make_context([entry])
    assert any("application shell" in reason for reason in context.blind_spots())
    assert run_rule(_rule("human.channel"), context).outcome is Outcome.NEEDS_REVIEW


def test_a_chat_seen_as_a_bot_on_one_page_and_staffed_on_another_is_human(
    make_context: ContextFactory,
) -> None:
    bot = ChatChannel(url=ENTRY, vendor="intercom", human=False)
    staffed = ChatChannel(url=CONTACT, vendor="intercom", human=True)
    context = make_context(
        [page(ENTRY), page(CONTACT, 1)],
        {ENTRY: PageChannels(chat=[bot]), CONTACT: PageChannels(chat=[staffed])},
    )
    assert [chat.human for chat in context.channels.chat] == [True]
    assert context.page_channels[ENTRY].chat[0].human is False, "page facts stay as seen"
    assert run_rule(_rule("human.bot-only"), context).outcome is not Outcome.FAIL


def test_an_entry_page_saying_the_region_is_refused_makes_the_locale_blocked() -> None:
    refused = page(ENTRY)
    assert refused.probe is not None
    refused.probe.title = "Not available in your region"
    snapshots = LocaleSnapshots(locale="de-DE", entry_url=ENTRY, pages=[refused, page(CONTACT, 1)])
    context = build_context(snapshots)
    assert context.snapshots.status == "blocked"
    assert "Not available in your region" in context.snapshots.status_reason
    assert build_context(snapshots.model_copy(update={"pages": [page(ENTRY)]})).snapshots.status == "complete"
