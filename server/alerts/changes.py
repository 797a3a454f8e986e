"""Which changes between two judgements alert: regressions, recoveries, channels gone or new.

A regression is a rule that passed and now fails, or any rule that now fails with critical
impact; a recovery is a rule that failed and now passes. A rule moving to or from
``needs_review`` is neither: a page that could not be read this time is no news.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.config import IMPACTS
from server.store.diff import ChannelChange, JudgementDiff, OutcomeChange
from server.store.models import AlertChannel


@dataclass(frozen=True)
class AlertChanges:
    """What one message reports."""

    regressions: list[OutcomeChange] = field(default_factory=list)
    recoveries: list[OutcomeChange] = field(default_factory=list)
    channels_vanished: list[ChannelChange] = field(default_factory=list)
    channels_appeared: list[ChannelChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.regressions or self.recoveries or self.channels_vanished or self.channels_appeared)


def alert_changes(diff: JudgementDiff) -> AlertChanges:
    """The changes of ``diff`` that are worth a message."""
    return AlertChanges(
        regressions=[
            change
            for change in diff.new_failures
            if change.old_outcome == "pass" or change.impact == "critical"
        ],
        recoveries=list(diff.fixed),
        channels_vanished=list(diff.channels_vanished),
        channels_appeared=list(diff.channels_appeared),
    )


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
