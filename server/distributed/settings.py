"""What switches distributed mode on, and the time limits a crawl task gets from its scan deadline."""

from __future__ import annotations

import os
from dataclasses import dataclass

from checker.crawl import DEADLINE_GRACE_S

BROKER_URL_ENV = "SUPPORTCHECK_BROKER_URL"
QUEUE = "supportcheck"

# Storing a locale (snapshots and screenshots, retried through a database hiccup) after the crawl.
STORE_MARGIN_S = 120.0
# Between the soft limit (the task is told to stop and clean up) and the hard one (the pool child
# is killed, its Chromium with it).
HARD_AFTER_SOFT_S = 30.0
# Redis redelivers a task nobody acknowledged after this long. It must be well above the hard
# limit, or a crawl still running would be handed to a second worker (the lease would stop the
# second, but the work would be wasted): deadlines are capped at a quarter of it.
VISIBILITY_TIMEOUT_S = 4 * 3600.0
MAX_DEADLINE_S = VISIBILITY_TIMEOUT_S / 4 - STORE_MARGIN_S - HARD_AFTER_SOFT_S - DEADLINE_GRACE_S


def broker_url() -> str | None:
    """``$SUPPORTCHECK_BROKER_URL`` (``redis://…``), or None: the embedded, single-process mode."""
    return os.environ.get(BROKER_URL_ENV) or None


@dataclass(frozen=True)
class TimeLimits:
    """Celery's soft and hard time limits of one crawl task, in seconds."""

    soft_s: float
    hard_s: float


def time_limits(deadline_s: float) -> TimeLimits:
    """Limits from the scan deadline: the crawler stops itself at the deadline (plus its grace), so
    the soft limit only fires when something hung, and the hard limit when even cleaning up did."""
    soft = min(deadline_s, MAX_DEADLINE_S) + DEADLINE_GRACE_S + STORE_MARGIN_S
    return TimeLimits(soft, soft + HARD_AFTER_SOFT_S)
