"""Due times from a schedule: the cron line in its time zone, shifted by the firm's jitter offset.

Why cronsim: it is maintained (Healthchecks runs it in production), has no dependencies, ships
type hints, works with :mod:`zoneinfo`, and follows Debian cron on daylight-saving days (a job in
the skipped hour still runs, a job in the repeated hour runs once). croniter, the other common
choice, was declared abandoned by its author at the end of 2024 and only later taken over by a
new team; a scheduler should not hang on a library with that history.

The jitter offset of a firm is fixed (a hash of its slug), not drawn at each run: firms that
share a cron line are spread evenly over the jitter, and a firm keeps its own time every week.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from cronsim import CronSim

MAX_COUNTED = 10_000  # missed fire times counted before giving up (a minute cron, a week off)


def jitter_offset(slug: str, jitter_s: int) -> timedelta:
    """The firm's own delay after each fire time, between 0 and ``jitter_s`` seconds."""
    if jitter_s <= 0:
        return timedelta(0)
    digest = hashlib.sha256(slug.encode("utf-8")).digest()
    return timedelta(seconds=int.from_bytes(digest[:8], "big") % (jitter_s + 1))


def _fires_after(cron: str, timezone: str, moment: datetime) -> CronSim:
    return CronSim(cron, moment.astimezone(ZoneInfo(timezone)))


def next_due(cron: str, timezone: str, offset: timedelta, after: datetime) -> datetime:
    """The first due time (fire time + offset) strictly after ``after``."""
    fire = next(_fires_after(cron, timezone, after - offset))
    return (fire + offset).astimezone(UTC)


@dataclass(frozen=True)
class Missed:
    """What happened since a schedule was last due: how many fire times, the latest, and the next."""

    count: int
    latest: datetime
    following: datetime


def missed_since(cron: str, timezone: str, offset: timedelta, due: datetime, now: datetime) -> Missed:
    """The due times from ``due`` (itself one) up to ``now``: how many, the latest, and the next after now."""
    count, latest = 1, due
    fires = _fires_after(cron, timezone, due - offset)
    for fire in fires:
        moment = (fire + offset).astimezone(UTC)
        if moment > now:
            return Missed(count, latest, moment)
        latest = moment
        count += 1
        if count >= MAX_COUNTED:
            break
    return Missed(count, latest, next_due(cron, timezone, offset, now))
