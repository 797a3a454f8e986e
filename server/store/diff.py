"""What changed between two judgements: regressions, fixes, and channels that came or went.

Two judgements are usually the latest of two runs of one firm ("phone number removed from the
contact page on 2026-11-03"), but any two can be compared, e.g. one run judged by two rule sets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from server.store.errors import NotFound
from server.store.models import Channel, Finding, Judgement

RuleKey = tuple[str, str | None]  # (rule id, locale or None for cross-locale)
ChannelKey = tuple[str, str, str]  # (locale, kind, value)


@dataclass(frozen=True)
class OutcomeChange:
    """A rule whose outcome moved in one locale; ``old_outcome`` is None when it was not judged before."""

    rule: str
    locale: str | None
    impact: str
    old_outcome: str | None
    new_outcome: str
    message: str  # the new finding's message


@dataclass(frozen=True)
class ChannelChange:
    """A channel present in one judgement and not the other, as it was where it was seen."""

    locale: str
    kind: str
    value: str
    label: str
    url: str
    snippet: str


@dataclass(frozen=True)
class JudgementDiff:
    old: Judgement  # with ``run`` loaded, for the dates of the evidence
    new: Judgement
    new_failures: list[OutcomeChange]
    fixed: list[OutcomeChange]
    channels_appeared: list[ChannelChange]
    channels_vanished: list[ChannelChange]


def diff_judgements(session: Session, old_id: int, new_id: int) -> JudgementDiff:
    """Compares judgement ``old_id`` with ``new_id`` in three statements.

    A new failure is a rule failing now that did not fail before; a fix is a rule that failed
    and now passes (one that became ``needs_review`` is not called fixed). Channels are the
    same when locale, kind and value (number, address, vendor, URL or text) agree.
    """
    judgements = {
        judgement.id: judgement
        for judgement in session.scalars(
            select(Judgement).where(Judgement.id.in_((old_id, new_id))).options(joinedload(Judgement.run))
        )
    }
    for wanted in (old_id, new_id):
        if wanted not in judgements:
            raise NotFound(f"there is no judgement {wanted}")
    findings = session.scalars(select(Finding).where(Finding.judgement_id.in_((old_id, new_id)))).all()
    old_findings = {(f.rule, f.locale): f for f in findings if f.judgement_id == old_id}
    new_findings = {(f.rule, f.locale): f for f in findings if f.judgement_id == new_id}
    channels = session.scalars(
        select(Channel).where(Channel.judgement_id.in_((old_id, new_id))).order_by(Channel.id)
    ).all()
    old_channels = _channels_by_key(channel for channel in channels if channel.judgement_id == old_id)
    new_channels = _channels_by_key(channel for channel in channels if channel.judgement_id == new_id)
    return JudgementDiff(
        old=judgements[old_id],
        new=judgements[new_id],
        new_failures=[
            _change(old_findings.get(key), finding)
            for key, finding in sorted(new_findings.items(), key=_rule_order)
            if finding.outcome == "fail" and getattr(old_findings.get(key), "outcome", None) != "fail"
        ],
        fixed=[
            _change(old_findings[key], finding)
            for key, finding in sorted(new_findings.items(), key=_rule_order)
            if finding.outcome == "pass" and key in old_findings and old_findings[key].outcome == "fail"
        ],
        channels_appeared=[
            _channel_change(new_channels[key]) for key in sorted(new_channels.keys() - old_channels)
        ],
        channels_vanished=[
            _channel_change(old_channels[key]) for key in sorted(old_channels.keys() - new_channels)
        ],
    )


def _rule_order(item: tuple[RuleKey, Finding]) -> tuple[str, str]:
    (rule, locale), _ = item
    return locale or "", rule


def _channels_by_key(channels: Iterable[Channel]) -> dict[ChannelKey, Channel]:
    by_key: dict[ChannelKey, Channel] = {}
    for channel in channels:
        by_key.setdefault((channel.locale, channel.kind, channel.value), channel)
    return by_key


def _change(old: Finding | None, new: Finding) -> OutcomeChange:
    return OutcomeChange(
        rule=new.rule,
        locale=new.locale,
        impact=new.impact,
        old_outcome=old.outcome if old else None,
        new_outcome=new.outcome,
        message=new.message,
    )


def _channel_change(channel: Channel) -> ChannelChange:
    return ChannelChange(
        locale=channel.locale,
        kind=channel.kind,
        value=channel.value,
        label=channel.label,
        url=channel.url,
        snippet=channel.snippet,
    )
