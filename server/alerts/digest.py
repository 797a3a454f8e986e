"""The weekly digest: one message per recipient saying what changed across every firm it follows.

A recipient is an alert channel's (kind, target) with ``digest: true``; the same address on many
firms, or on a tag, gets one digest covering them all. The week ends at each fire time of the
digest cron line (default Mondays 08:00 UTC) and the digest is queued in the outbox by the
scheduler's tick, once per (recipient, week) whichever scheduler gets there first; a week whose
end is further back than the catch-up window is skipped, as missed runs are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cronsim import CronSim
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.alerts.changes import changes_of, for_channel
from server.alerts.message import Message, change_lines
from server.alerts.outbox import add_message
from server.store.models import AlertChannel, ChangeEvent, Firm

DEFAULT_DIGEST_CRON = "0 8 * * 1"
WEEK = timedelta(days=7)


def latest_fire(cron: str, now: datetime) -> datetime:
    """The latest fire time of ``cron`` (UTC) at or before ``now``, looked for within two weeks."""
    fires = CronSim(cron, (now - 2 * WEEK).astimezone(UTC))
    latest = None
    for fire in fires:
        if fire > now:
            break
        latest = fire
    if latest is None:
        raise ValueError(f"the digest cron line {cron!r} fires less than once a fortnight")
    return latest


@dataclass
class Recipient:
    """The channels of one (kind, target) that asked for a digest, and the firms each follows."""

    channels: list[AlertChannel]
    firms: dict[int, list[AlertChannel]]  # firm id -> the channels following it


def _recipients(session: Session) -> dict[str, Recipient]:
    channels = session.scalars(
        select(AlertChannel).where(AlertChannel.digest.is_(True)).order_by(AlertChannel.id)
    ).all()
    firms = session.scalars(select(Firm)).all() if any(channel.tag for channel in channels) else []
    recipients: dict[str, Recipient] = {}
    for channel in channels:
        recipient = recipients.setdefault(
            f"{channel.kind}:{channel.target}", Recipient([], defaultdict(list))
        )
        recipient.channels.append(channel)
        followed = (
            [channel.firm_id] if channel.firm_id else [f.id for f in firms if channel.tag in f.tag_names]
        )
        for firm_id in followed:
            recipient.firms[firm_id].append(channel)
    return recipients


def compose_digest(
    events: list[ChangeEvent],
    firms: dict[int, list[AlertChannel]],
    start: datetime,
    end: datetime,
    base_url: str,
) -> Message:
    """The digest of ``events`` (those of the week), each firm's part filtered by its channels."""
    by_firm: dict[int, list[ChangeEvent]] = defaultdict(list)
    for event in events:
        by_firm[event.firm_id].append(event)
    sections, payload_firms, total = [], [], 0
    for firm_id, firm_events in sorted(by_firm.items(), key=lambda item: item[1][0].firm.name):
        firm = firm_events[0].firm
        changes = changes_of(firm_events)
        kept = [for_channel(changes, channel) for channel in firms[firm_id]]
        lines = sorted({line for part in kept for line in change_lines(part)})
        if not lines:
            continue
        total += len(lines)
        sections += [f"{firm.name} ({base_url}/firms/{firm.slug}):", *lines, ""]
        payload_firms.append({"firm": firm.name, "firm_slug": firm.slug, "changes": lines})
    period = f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} UTC"
    subject = f"supportcheck weekly digest: {total} change(s) across {len(payload_firms)} firm(s), {period}"
    body_lines = sections or ["Nothing changed at any firm this channel follows."]
    body = "\n".join([subject, "", *body_lines, "", f"All changes: {base_url}/changes"]) + "\n"
    payload = {
        "text": body,
        "kind": "digest",
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "firms": payload_firms,
    }
    return Message(subject, body, payload)


def queue_digests(
    session: Session,
    now: datetime,
    base_url: str,
    cron: str = DEFAULT_DIGEST_CRON,
    catch_up: timedelta = WEEK,
) -> int:
    """Queues the digests of the week that ended at the latest fire of ``cron``; returns how many."""
    end = latest_fire(cron, now)
    if now - end > catch_up:
        return 0
    start = end - WEEK
    added = 0
    for recipient in _recipients(session).values():
        events = session.scalars(
            select(ChangeEvent)
            .where(
                ChangeEvent.firm_id.in_(recipient.firms),
                ChangeEvent.detected_at > start,
                ChangeEvent.detected_at <= end,
            )
            .order_by(ChangeEvent.id)
        ).all()
        message = compose_digest(list(events), recipient.firms, start, end, base_url)
        added += add_message(session, recipient.channels[0], message, now, period_end=end)
    session.commit()
    return added
