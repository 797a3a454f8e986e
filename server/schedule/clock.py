"""The time the scheduler and the workers read: the real UTC time, shifted by an offset tests can move.

``$SUPPORTCHECK_CLOCK_FILE`` names a file holding a number of seconds (``3600`` or ``-90.5``);
every reading adds it to the real time. The file is read again on each call, so a test can move
the clock of scheduler and worker processes that are already running, which an in-process fake
clock could not do. A missing or empty file means no offset.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

CLOCK_FILE_ENV = "SUPPORTCHECK_CLOCK_FILE"


def offset() -> timedelta:
    """The shift the clock file asks for (zero without one).

    Raises:
        ValueError: the file holds something other than a number of seconds.
    """
    path = os.environ.get(CLOCK_FILE_ENV)
    if not path:
        return timedelta(0)
    try:
        text = Path(path).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return timedelta(0)
    if not text:
        return timedelta(0)
    try:
        return timedelta(seconds=float(text))
    except ValueError:
        raise ValueError(f"{CLOCK_FILE_ENV}={path} holds {text[:40]!r}, not a number of seconds") from None


def now() -> datetime:
    """The scheduling clock's current time, timezone-aware UTC."""
    return datetime.now(UTC) + offset()
