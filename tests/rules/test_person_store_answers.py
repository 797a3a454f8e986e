"""A store page a person sent (a person-seen ``StoreAnswer``) beside the store's lookup, as the region
app rules weigh them: it stands in for a lookup that could not tell and never silently overrules
one that did."""

from __future__ import annotations

import pytest

from checker.appstores.model import AppRef, StoreAnswer
from checker.channels import AppSupportNotice, PageChannels, PhoneChannel
from rules.context import FirmApp, LocaleContext
from rules.model import Outcome
from rules.region_apps import app_available, app_only_support
from tests.rules.conftest import ENTRY, ContextFactory, page

APP = AppRef(store="apple", id="1459000001")
PERSON = "evidence #3 from token alice"
NOTICE = AppSupportNotice(url=ENTRY, snippet="For help, use the Acme app", text="for help, use the acme app")


def _answer(available: bool | None, supplied_by: str = "") -> StoreAnswer:
    reason = {True: "resultCount 1", False: "resultCount 0", None: "timed out"}[available]
    if supplied_by:
        reason = "a person's browser showed the app's page" if available else "a person saw the notice"
    return StoreAnswer(
        store="apple",
        id=APP.id,
        country="US",
        available=available,
        storefront_url=f"https://apps.apple.com/us/app/id{APP.id}",
        reason=reason,
        supplied_by=supplied_by,
    )


def _context(
    make_context: ContextFactory, lookup: bool | None, person: bool | None, phone: bool = False
) -> LocaleContext:
    """Support only in the app (unless ``phone``), the app declared, and what each source told."""
    channels = PageChannels(app_support=[NOTICE])
    if phone:
        channels.phone.append(PhoneChannel(url=ENTRY, number="+12025550123", display="(202) 555-0123"))
    context = make_context([page(ENTRY)], channels={ENTRY: channels})
    person_answer = _answer(person, PERSON) if person is not None else None
    context.apps = [FirmApp(app=APP, declared=True, answer=_answer(lookup), person_answer=person_answer)]
    return context


@pytest.mark.parametrize(
    ("lookup", "person", "available", "only_support"),
    [
        (None, True, Outcome.PASS, Outcome.PASS),
        (None, False, Outcome.FAIL, Outcome.FAIL),
        (True, True, Outcome.PASS, Outcome.PASS),
        (False, False, Outcome.FAIL, Outcome.FAIL),
        (True, False, Outcome.NEEDS_REVIEW, Outcome.NEEDS_REVIEW),
        (False, True, Outcome.NEEDS_REVIEW, Outcome.NEEDS_REVIEW),
        (None, None, Outcome.NEEDS_REVIEW, Outcome.NEEDS_REVIEW),
    ],
)
def test_a_person_s_answer_fills_in_for_the_lookup_and_a_dispute_needs_review(
    make_context: ContextFactory,
    lookup: bool | None,
    person: bool | None,
    available: Outcome,
    only_support: Outcome,
) -> None:
    context = _context(make_context, lookup, person)
    assert app_available(context).outcome is available
    assert app_only_support(context).outcome is only_support
    told = {"app": str(APP), "available": person, "by": PERSON, "lookup_available": lookup}
    expected = None if person is None else [{**told, "storefront_url": _answer(person).storefront_url}]
    assert app_available(context).details.get("seen_by_person") == expected


def test_a_dispute_names_both_answers(make_context: ContextFactory) -> None:
    verdict = app_available(_context(make_context, True, False))
    assert verdict.message.startswith("The store's lookup and a person's store page disagree on whether")
    assert "lookup says sold here (resultCount 1)" in verdict.message
    assert f"says not sold here (a person saw the notice ({PERSON}))" in verdict.message
    assert {item.snippet for item in verdict.evidence} == {
        "resultCount 1",
        f"a person saw the notice ({PERSON})",
    }


def test_another_way_to_a_person_passes_without_calling_on_the_person_s_page(
    make_context: ContextFactory,
) -> None:
    verdict = app_only_support(_context(make_context, None, False, phone=True))
    assert verdict.outcome is Outcome.PASS and "seen_by_person" not in verdict.details
