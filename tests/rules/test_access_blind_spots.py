"""The a11y.* and access.* rules never call absent or fine what a page that did not load hid.

A support page that timed out may hold the contact form, its CAPTCHA or the chat launcher the
rules look for: every rule says needs_review there, not not_applicable, pass or fail.
"""

from __future__ import annotations

import pytest

from checker.a11y.model import AxeRun, FocusStop, KeyboardWalk, PageAccessibility, SupportElement
from checker.snapshot import ConsentNote, PageSnapshot
from rules.context import LocaleContext
from rules.engine import run_rule
from rules.model import Finding, Outcome, Rule
from rules.registry import all_rules
from tests.rules.conftest import ENTRY, ContextFactory, page, probed_page

CONTACT = "https://www.acme.test/contact"
A11Y_RULES = (
    "a11y.contact-form",
    "a11y.chat-launcher",
    "a11y.help-links",
    "a11y.keyboard-help",
    "a11y.captcha-alternative",
)


def _rule(rule_id: str) -> Rule:
    return next(rule for rule in all_rules() if rule.meta.id == rule_id)


def _judge(rule_id: str, context: LocaleContext) -> Finding:
    return run_rule(_rule(rule_id), context)


def _audited_entry() -> PageSnapshot:
    """An entry page whose contact link axe passed and the Tab walk reached; no form, CAPTCHA or chat."""
    entry = page(ENTRY)
    entry.accessibility = PageAccessibility(
        elements=[SupportElement(kind="help_link", selector="#contact-link", name="Contact us", tag="a")],
        axe=AxeRun(version="4.14.1", passes=["link-name"], frames=1),
        keyboard=KeyboardWalk(
            presses=3,
            max_presses=60,
            reached=[
                FocusStop(kind="help_link", selector="#contact-link", presses=3, focused="a Contact us")
            ],
        ),
    )
    return entry


def _timed_out_contact() -> PageSnapshot:
    return page(CONTACT, 1, error="Timeout 15000ms exceeded", support_score=1.0)


def test_the_entry_page_alone_gives_each_a11y_rule_its_verdict(make_context: ContextFactory) -> None:
    """The baseline the next tests change: one fact, the contact page not loading."""
    context = make_context([_audited_entry()])
    outcomes = {rule_id: _judge(rule_id, context).outcome for rule_id in A11Y_RULES}
    assert outcomes == {
        "a11y.contact-form": Outcome.NOT_APPLICABLE,
        "a11y.chat-launcher": Outcome.NOT_APPLICABLE,
        "a11y.help-links": Outcome.PASS,
        "a11y.keyboard-help": Outcome.PASS,
        "a11y.captcha-alternative": Outcome.NOT_APPLICABLE,
    }


@pytest.mark.parametrize("rule_id", A11Y_RULES)
def test_a_support_page_that_did_not_load_needs_review(make_context: ContextFactory, rule_id: str) -> None:
    context = make_context([_audited_entry(), _timed_out_contact()])
    finding = _judge(rule_id, context)
    assert finding.outcome is Outcome.NEEDS_REVIEW, finding.message
    assert CONTACT in finding.message
    assert "could not be loaded" in finding.message


def test_a_captcha_on_a_timed_out_contact_page_is_not_called_absent(
    make_context: ContextFactory,
) -> None:
    context = make_context([_audited_entry(), _timed_out_contact()])
    finding = _judge("a11y.captcha-alternative", context)
    assert finding.outcome is Outcome.NEEDS_REVIEW
    assert finding.message.startswith("Support forms could not be checked")
    assert finding.details["unchecked"] == [  # type: ignore[comparison-overlap]
        f"{CONTACT} could not be loaded (Timeout 15000ms exceeded), so its support elements were not checked"
    ]


@pytest.mark.parametrize("rule_id", A11Y_RULES)
def test_an_entry_page_that_did_not_load_needs_review(make_context: ContextFactory, rule_id: str) -> None:
    context = make_context([page(ENTRY, error="net::ERR_CONNECTION_RESET")])
    assert _judge(rule_id, context).outcome is Outcome.NEEDS_REVIEW


def test_a_page_that_did_not_load_but_was_linked_nowhere_important_is_no_blind_spot(
    make_context: ContextFactory,
) -> None:
    """A product page that timed out was never going to be audited (no support link led there)."""
    context = make_context([_audited_entry(), page("https://www.acme.test/shop", 1, error="timeout")])
    assert _judge("a11y.captcha-alternative", context).outcome is Outcome.NOT_APPLICABLE


def test_a_failed_support_page_a_person_sent_in_is_covered(make_context: ContextFactory) -> None:
    sent = _audited_entry().model_copy(
        update={"requested_url": CONTACT, "final_url": CONTACT, "depth": 1, "supplied_by": "ana@acme.test"}
    )
    sent.accessibility = PageAccessibility()
    context = make_context([_audited_entry(), _timed_out_contact(), sent])
    assert _judge("a11y.captcha-alternative", context).outcome is Outcome.NOT_APPLICABLE


def _relay_site(target: PageSnapshot) -> list[PageSnapshot]:
    entry = probed_page(
        ENTRY,
        0,
        support_score=0.0,
        links=[{"text": "Contact us through Relay UK", "href": target.requested_url}],
    )
    return [entry, target]


def test_a_relay_link_to_a_page_that_is_gone_fails(make_context: ContextFactory) -> None:
    gone = probed_page("https://www.acme.test/relay", status=404, support_score=0.0)
    finding = _judge("access.relay", make_context(_relay_site(gone)))
    assert finding.outcome is Outcome.FAIL
    assert "does not open (answered HTTP 404)" in finding.message


@pytest.mark.parametrize(
    "target",
    [
        page("https://www.acme.test/relay", 1, error="Timeout 15000ms exceeded"),
        probed_page("https://www.acme.test/relay", status=503, support_score=0.0),
        probed_page("https://www.acme.test/relay", status=403, support_score=0.0),
    ],
    ids=["timeout", "503", "403"],
)
def test_a_relay_link_to_a_page_that_did_not_load_needs_review(
    make_context: ContextFactory, target: PageSnapshot
) -> None:
    finding = _judge("access.relay", make_context(_relay_site(target)))
    assert finding.outcome is Outcome.NEEDS_REVIEW, finding.message
    assert "could not be checked" in finding.message


STATEMENT = "https://www.acme.test/accessibility"
STATEMENT_PDF = "https://www.acme.test/accessibility.pdf"


def _statement_site(*targets: PageSnapshot) -> list[PageSnapshot]:
    entry = probed_page(
        ENTRY,
        0,
        support_score=0.0,
        links=[
            {"text": "Accessibility statement", "href": STATEMENT},
            {"text": "Accessibility statement (PDF)", "href": STATEMENT_PDF},
        ],
    )
    return [entry, *targets]


def test_a_statement_without_contact_fails_when_every_statement_page_was_read(
    make_context: ContextFactory,
) -> None:
    context = make_context(
        _statement_site(
            probed_page(STATEMENT, support_score=0.0), probed_page(STATEMENT_PDF, support_score=0.0)
        )
    )
    assert _judge("access.statement", context).outcome is Outcome.FAIL


@pytest.mark.parametrize("unread", ["timed out", "consent wall", "not visited"])
def test_a_statement_without_contact_needs_review_when_another_statement_page_was_not_read(
    make_context: ContextFactory, unread: str
) -> None:
    read = probed_page(STATEMENT, support_score=0.0)
    other = probed_page(STATEMENT_PDF, support_score=0.0)
    if unread == "timed out":
        targets = [read, page(STATEMENT_PDF, 1, error="Timeout 15000ms exceeded")]
    elif unread == "consent wall":
        other.consent = ConsentNote(action="none", button_text="Accept all")
        targets = [read, other]
    else:
        targets = [read]
    finding = _judge("access.statement", make_context(_statement_site(*targets)))
    assert finding.outcome is Outcome.NEEDS_REVIEW, finding.message
    assert STATEMENT_PDF in finding.message


def test_a_contact_page_that_is_gone_holds_nothing_to_check(make_context: ContextFactory) -> None:
    """A 404 was seen: contact.dead-end judges it, and no form or CAPTCHA hides behind it."""
    gone = probed_page(CONTACT, status=404)
    context = make_context([_audited_entry(), gone])
    assert _judge("a11y.captcha-alternative", context).outcome is Outcome.NOT_APPLICABLE
    assert _judge("a11y.keyboard-help", context).outcome is Outcome.PASS
