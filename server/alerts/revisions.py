"""What a channel already told of a run has not heard yet, once accepted evidence judged the run again.

A run's changes go to each channel once (one message per channel and run). Accepting evidence
judges the run again and records its changes anew: a regression the person's page disproves is
gone, a channel they found has appeared. The channel then hears one more message for that
judgement (its ``revision``), with only the news: changes it was not told of, and those it was
told of that no longer stand ("withdrawn"). What it was told is read back from the payloads of the
run's earlier messages to it, so nothing else has to be kept.

A change is the same change when it is about the same thing, whatever its message now says: a
rule's outcome moving from one outcome to another in a locale, or a channel of a kind and value
appearing or vanishing in a locale.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.alerts.changes import AlertChanges
from server.store.diff import ChannelChange, OutcomeChange
from server.store.models import AlertMessage

RULE_LISTS = ("regressions", "recoveries")
CHANNEL_LISTS = ("channels_vanished", "channels_appeared")
WITHDRAWN = "withdrawn"

Change = OutcomeChange | ChannelChange


@dataclass(frozen=True)
class Withdrawn:
    """A change a channel was told of that the run, judged again, no longer shows."""

    list_name: str  # which of a message's four lists it stood in
    change: Change


@dataclass(frozen=True)
class Revision:
    """What a channel hears of a run judged again: the new changes, and those withdrawn."""

    judgement_id: int  # the judgement the evidence made
    news: AlertChanges
    withdrawn: list[Withdrawn] = field(default_factory=list)


def _key(list_name: str, change: dict[str, Any]) -> str:
    names = (
        ("rule", "locale", "old_outcome", "new_outcome")
        if list_name in RULE_LISTS
        else ("locale", "kind", "value")
    )
    return json.dumps([list_name, *(change.get(name) for name in names)])


def _change(list_name: str, change: dict[str, Any]) -> Change:
    """The change as a message's payload held it (``dataclasses.asdict`` of it)."""
    kind = OutcomeChange if list_name in RULE_LISTS else ChannelChange
    return kind(**{name: change.get(name) for name in kind.__dataclass_fields__})  # type: ignore[arg-type]


@dataclass(frozen=True)
class Told:
    """What a channel's earlier messages about a run left standing, and the run they compared from."""

    changes: dict[str, Withdrawn]
    since_run_id: int | None


def told_before(session: Session, channel_id: int, run_id: int) -> Told:
    """Every change the channel's earlier messages about the run left standing, by key."""
    payloads = session.scalars(
        select(AlertMessage.payload)
        .where(AlertMessage.channel_id == channel_id, AlertMessage.run_id == run_id)
        .order_by(AlertMessage.revision, AlertMessage.id)
    ).all()
    told: dict[str, Withdrawn] = {}
    for payload in payloads:
        for list_name in (*RULE_LISTS, *CHANNEL_LISTS):
            for change in payload.get(list_name, []):
                told[_key(list_name, change)] = Withdrawn(list_name, _change(list_name, change))
        for withdrawn in payload.get(WITHDRAWN, []):
            told.pop(_key(withdrawn.get("list", ""), withdrawn), None)
    since = payloads[0].get("previous_run_id") if payloads else None
    return Told(told, since if isinstance(since, int) else None)


def revision_of(chosen: AlertChanges, told: dict[str, Withdrawn], judgement_id: int) -> Revision:
    """The part of ``chosen`` (what the channel would hear of the run now, judged as
    ``judgement_id``) it was not told, and what it was told that ``chosen`` no longer holds."""
    lists: dict[str, list[Any]] = {name: [] for name in (*RULE_LISTS, *CHANNEL_LISTS)}
    standing = set()
    for list_name in lists:
        for change in getattr(chosen, list_name):
            key = _key(list_name, asdict(change))
            standing.add(key)
            if key not in told:
                lists[list_name].append(change)
    withdrawn = [told[key] for key in told if key not in standing]
    return Revision(judgement_id, AlertChanges(**lists), withdrawn)
