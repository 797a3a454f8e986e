"""Per-site politeness shared by all locales of a scan: a cap on pages in flight and back-off.

One limiter per registrable domain, so three locales crawling the same firm still keep at most
``max_in_flight`` navigations going to it, and a 429 seen by one locale slows down all of them.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

MAX_RETRY_AFTER_S = 60.0
MAX_RETRY_WAIT_S = 10.0  # a longer Retry-After means "come back later", not "retry this crawl"


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER_S)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = datetime.fromtimestamp(now if now is not None else time.time(), UTC)
    return min(max(0.0, (when - current).total_seconds()), MAX_RETRY_AFTER_S)


class SiteLimiter:
    """Limits concurrent navigations to one site and holds them back after a 429/503."""

    def __init__(self, max_in_flight: int = 2, clock: Callable[[], float] = time.monotonic) -> None:
        self._semaphore = asyncio.Semaphore(max_in_flight)
        self._spacing = asyncio.Lock()
        self._clock = clock
        self._not_before = 0.0
        self.min_interval = 0.0
        self._last_start = 0.0

    def back_off(self, seconds: float) -> None:
        """No navigation to this site starts for ``seconds`` from now."""
        self._not_before = max(self._not_before, self._clock() + seconds)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._semaphore:
            # One at a time from the wait to the start, so two tabs that get slots together are
            # still spaced by the Crawl-delay from the moment the other really started.
            async with self._spacing:
                wait = max(self._not_before, self._last_start + self.min_interval) - self._clock()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._last_start = self._clock()
            yield


class Politeness:
    """The limiters of one scan, one per site."""

    def __init__(self, max_in_flight: int = 2) -> None:
        self._max_in_flight = max_in_flight
        self._limiters: dict[str, SiteLimiter] = {}

    def limiter(self, site: str) -> SiteLimiter:
        if site not in self._limiters:
            self._limiters[site] = SiteLimiter(self._max_in_flight)
        return self._limiters[site]
