"""A per-principal request budget for the endpoints a browser extension calls.

A token handed to a person's browser can leak; a budget per token (per user for a login) keeps one
leaked token from flooding the store with evidence or the CPU with judging. The window is fixed
(one hour by default) and kept in this process: enough for one ``supportcheck serve``; several
server processes each keep their own count.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from flask import current_app

from server.api.errors import ApiError
from server.auth.access import Principal

RATE_LIMITS_KEY = "supportcheck.rate_limits"


class RateLimiter:
    """At most ``limit`` calls per ``window_s`` seconds for each key; the clock is injectable."""

    def __init__(self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window_s, self._clock = limit, window_s, clock
        self._windows: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float | None:
        """Counts a call for ``key``; returns None when allowed, else the seconds until the next window."""
        now = self._clock()
        with self._lock:
            start, count = self._windows.get(key, (now, 0))
            if now - start >= self.window_s:
                start, count = now, 0
            if count >= self.limit:
                return self.window_s - (now - start)
            self._windows[key] = (start, count + 1)
            return None


def principal_key(principal: Principal) -> str:
    return f"{principal.kind}:{principal.name}"


def spend(budget: str, principal: Principal, limit: int) -> None:
    """Takes one call from ``principal``'s hourly ``budget`` (``judge``, ``evidence``), or a 429."""
    limiters: dict[str, RateLimiter] = current_app.extensions.setdefault(RATE_LIMITS_KEY, {})
    limiter = limiters.setdefault(budget, RateLimiter(limit, 3600.0))
    wait_s = limiter.take(principal_key(principal))
    if wait_s is not None:
        retry_after_s = int(wait_s) + 1
        raise ApiError(
            429,
            "rate_limited",
            f"this {principal.kind} sent {limit} {budget} requests this hour: try again in {retry_after_s} s",
            headers={"Retry-After": str(retry_after_s)},
        )
