"""Comparing two judgements: what regressed, what was fixed, which channels came or went."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from server.store.diff import ChannelChange, diff_judgements
from server.store.errors import NotFound
from tests.store.conftest import SaveScan, StatementCounter
from tests.store.scans import EMAIL, PHONE

CONTACT = "https://www.acme.test/contact"


@pytest.fixture
def before_and_after(session: Session, save: SaveScan) -> tuple[int, int]:
    """Acme with a phone and an email on its contact page, then the same site with both removed."""
    before = save("Acme", locales=("en-US",))
    after = save("Acme", locales=("en-US",), started_at="2026-11-03T10:00:00+00:00", phone=False, email=False)
    return before.judgements[0].id, after.judgements[0].id


def test_removed_channels_vanish_and_their_rule_now_fails(
    session: Session, before_and_after: tuple[int, int]
) -> None:
    with StatementCounter(session) as counter:
        diff = diff_judgements(session, *before_and_after)
    assert counter.count == 3
    assert diff.new.run.started_at.date().isoformat() == "2026-11-03"
    assert [(c.rule, c.locale, c.old_outcome, c.new_outcome) for c in diff.new_failures] == [
        ("human.channel", "en-US", "pass", "fail")
    ]
    assert diff.new_failures[0].impact == "critical"
    assert diff.fixed == []
    assert diff.channels_appeared == []
    assert diff.channels_vanished == [
        ChannelChange("en-US", "email", EMAIL, label=EMAIL, url=CONTACT, snippet=EMAIL),
        ChannelChange(
            "en-US", "phone", PHONE, label="+1 202 555 0143", url=CONTACT, snippet="+1 202 555 0143"
        ),
    ]


def test_the_other_way_round_is_a_fix_and_channels_appear(
    session: Session, before_and_after: tuple[int, int]
) -> None:
    before, after = before_and_after
    diff = diff_judgements(session, after, before)
    assert [(c.rule, c.old_outcome, c.new_outcome) for c in diff.fixed] == [("human.channel", "fail", "pass")]
    assert [c.rule for c in diff.new_failures] == ["callback.offered"]  # a phone without call back
    assert {(c.locale, c.kind, c.value) for c in diff.channels_appeared} == {
        ("en-US", "email", EMAIL),
        ("en-US", "phone", PHONE),
    }
    assert diff.channels_vanished == []


def test_a_judgement_compared_with_itself_has_no_changes(
    session: Session, before_and_after: tuple[int, int]
) -> None:
    diff = diff_judgements(session, before_and_after[0], before_and_after[0])
    assert (diff.new_failures, diff.fixed, diff.channels_appeared, diff.channels_vanished) == ([], [], [], [])


def test_an_unknown_judgement_is_reported(session: Session, before_and_after: tuple[int, int]) -> None:
    with pytest.raises(NotFound, match="no judgement 999"):
        diff_judgements(session, before_and_after[0], 999)
