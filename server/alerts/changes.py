"""Which recorded changes a channel hears of: confirmed by enough runs, and let through by its filter.

The changes themselves are :class:`~server.store.models.ChangeEvent` rows, recorded per (firm,
locale) as each run is stored (``server.store.changes``). A channel with ``confirm_runs: N`` hears
of a change once N decisive runs of the locale in a row show it: the change recorded N - 1 such
runs ago, with no change of the same rule or channel since. With N = 1 that is this run's changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from checker.config import IMPACTS
from server.store.changes import CROSS_LOCALE, decisive_history
from server.store.diff import ChannelChange, OutcomeChange
from server.store.models import AlertChannel, ChangeEvent, Firm

RULE_KINDS = ("regression", "recovery")


@dataclass(frozen=True)
class AlertChanges:
    """What one message reports."""

    regressions: list[OutcomeChange] = field(default_factory=list)
    recoveries: list[OutcomeChange] = field(default_factory=list)
    channels_vanished: list[ChannelChange] = field(default_factory=list)
    channels_appeared: list[ChannelChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.regressions or self.recoveries or self.channels_vanished or self.channels_appeared)


def outcome_change(event: ChangeEvent) -> OutcomeChange:
    return OutcomeChange(
        rule=event.rule,
        locale=event.locale,
        impact=event.impact,
        old_outcome=event.old_outcome,
        new_outcome=event.new_outcome,
        message=event.message,
    )


def channel_change(event: ChangeEvent) -> ChannelChange:
    return ChannelChange(
        locale=event.locale or "",
        kind=event.channel_kind,
        value=event.value,
        label=event.label,
        url=event.url,
        snippet=event.snippet,
    )


def changes_of(events: list[ChangeEvent]) -> AlertChanges:
    """The events sorted into a message's four lists."""
    return AlertChanges(
        regressions=[outcome_change(event) for event in events if event.kind == "regression"],
        recoveries=[outcome_change(event) for event in events if event.kind == "recovery"],
        channels_vanished=[channel_change(event) for event in events if event.kind == "channel_vanished"],
        channels_appeared=[channel_change(event) for event in events if event.kind == "channel_appeared"],
    )


def confirmed_events(session: Session, firm_id: int, run_id: int, confirm_runs: int) -> list[ChangeEvent]:
    """The changes that ``confirm_runs`` decisive runs in a row, ending with run ``run_id``, agree on."""
    history = decisive_history(session, firm_id, run_id)
    if not history or history[-1].run_id != run_id:
        return []
    streaks: dict[str | None, tuple[int, set[int]]] = {}  # locale -> (run of the change, runs after it)
    for locale in history[-1].decisive:
        chain = [past.run_id for past in history if locale in past.decisive]
        if len(chain) >= confirm_runs:
            streak = chain[-confirm_runs:]
            streaks[None if locale == CROSS_LOCALE else locale] = (streak[0], set(streak[1:]))
    wanted_runs = {run for first, after in streaks.values() for run in (first, *after)}
    events = session.scalars(
        select(ChangeEvent)
        .where(ChangeEvent.firm_id == firm_id, ChangeEvent.run_id.in_(wanted_runs))
        .order_by(ChangeEvent.id)
    ).all()
    changed_since = {
        event.key for event in events if event.run_id in streaks.get(event.locale, (0, set()))[1]
    }
    return [
        event
        for event in events
        if event.locale in streaks
        and event.run_id == streaks[event.locale][0]
        and event.key not in changed_since
    ]


def channels_of(session: Session, firm: Firm) -> list[AlertChannel]:
    """The firm's own channels, then those of every tag it carries."""
    tagged = session.scalars(
        select(AlertChannel).where(AlertChannel.tag.in_(firm.tag_names)).order_by(AlertChannel.id)
    ).all()
    return [*firm.alert_channels, *tagged]


def _rule_wanted(channel: AlertChannel, change: OutcomeChange) -> bool:
    rules = channel.rules or []
    if rules and not any(
        change.rule == pattern or (pattern.endswith("*") and change.rule.startswith(pattern[:-1]))
        for pattern in rules
    ):
        return False
    if channel.min_impact is None or change.impact not in IMPACTS:
        return True
    return IMPACTS.index(change.impact) >= IMPACTS.index(channel.min_impact)


def for_channel(changes: AlertChanges, channel: AlertChannel) -> AlertChanges:
    """The part of ``changes`` that ``channel``'s filter lets through.

    Channels that came or went belong to no rule: a channel filtered to some rules does not get them.
    """
    keep_channels = not channel.rules
    return AlertChanges(
        regressions=[change for change in changes.regressions if _rule_wanted(channel, change)],
        recoveries=[change for change in changes.recoveries if _rule_wanted(channel, change)],
        channels_vanished=changes.channels_vanished if keep_channels else [],
        channels_appeared=changes.channels_appeared if keep_channels else [],
    )
