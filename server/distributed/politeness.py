"""Per-site politeness across machines: the crawler's limiters, kept in Redis.

:class:`checker.politeness.Politeness` holds a scan's limits in process memory, which is enough
when one process crawls every locale of a firm. When the locales of one firm run on different
workers, the same limits live in Redis instead, per registrable domain:

- a semaphore with expiry (a sorted set of slot tokens scored by when they expire), so at most
  ``max_in_flight`` page loads run at once across all workers, and a worker that died mid-load
  frees its slot when the slot expires;
- one hash of shared pacing: ``not_before`` (a 429/503 back-off, set by whichever worker saw it)
  and ``min_interval`` with ``last_start`` (robots.txt Crawl-delay).

Times are Redis's own clock (``TIME``), so machines whose clocks differ still agree. When Redis
cannot be reached, a page load waits for it (politeness is never skipped) and the outage is
reported to ``on_outage``.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from checker.politeness import Politeness, SiteLimiter

KEY_PREFIX = "supportcheck:site:"
POLL_S = 0.05
OUTAGE_RETRY_S = 0.5

# KEYS: slots (zset), pacing (hash). ARGV: token, max in flight, slot ttl ms.
# Returns 0 when the slot was taken, -1 when every slot is busy, else milliseconds to wait.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
local not_before = tonumber(redis.call('HGET', KEYS[2], 'not_before') or '0')
local interval = tonumber(redis.call('HGET', KEYS[2], 'min_interval') or '0')
local last = tonumber(redis.call('HGET', KEYS[2], 'last_start') or '0')
local start = math.max(not_before, last + interval)
if start > now then return start - now end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('HSET', KEYS[2], 'last_start', now)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
redis.call('PEXPIRE', KEYS[2], 3600000)
return 0
"""
# KEYS: pacing. ARGV: field, milliseconds (from now for not_before; a length for min_interval).
_RAISE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local value = tonumber(ARGV[2])
if ARGV[1] == 'not_before' then value = now + value end
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if value > current then redis.call('HSET', KEYS[1], ARGV[1], value) end
redis.call('PEXPIRE', KEYS[1], 3600000)
return 1
"""

OutageHook = Callable[[str], None]


class RedisSiteLimiter(SiteLimiter):
    """A :class:`SiteLimiter` whose slots and pacing all workers share through Redis."""

    def __init__(
        self, redis: Redis, site: str, max_in_flight: int, slot_ttl_s: float, on_outage: OutageHook
    ) -> None:
        super().__init__(max_in_flight)
        self._redis = redis
        self._slots = f"{KEY_PREFIX}{site}:slots"
        self._pacing = f"{KEY_PREFIX}{site}:pacing"
        self._max = max_in_flight
        self._ttl_ms = int(slot_ttl_s * 1000)
        self._on_outage = on_outage
        self._pending: set[asyncio.Task[object]] = set()

    async def _call(self, script: str, keys: list[str], args: list[str | int]) -> int:
        """Runs a script, waiting out a Redis outage (reported once per outage)."""
        outage_since: float | None = None
        while True:
            try:
                result = int(await self._redis.eval(script, len(keys), *keys, *args))  # type: ignore[misc,unused-ignore]
            except (RedisConnectionError, RedisTimeoutError, OSError) as error:
                if outage_since is None:
                    outage_since = time.time()
                    self._on_outage(f"redis unreachable for politeness: {error}")
                await asyncio.sleep(OUTAGE_RETRY_S)
                continue
            if outage_since is not None:
                self._on_outage(f"redis reachable again after {time.time() - outage_since:.1f} s")
            return result

    def back_off(self, seconds: float) -> None:
        # The crawler calls this synchronously; the write goes out on the loop right away.
        task = asyncio.get_running_loop().create_task(
            self._call(_RAISE, [self._pacing], ["not_before", int(seconds * 1000)])
        )
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    @property  # type: ignore[override]
    def min_interval(self) -> float:
        return self._min_interval

    @min_interval.setter
    def min_interval(self, seconds: float) -> None:
        self._min_interval = seconds
        if seconds > 0:
            task = asyncio.get_running_loop().create_task(
                self._call(_RAISE, [self._pacing], ["min_interval", int(seconds * 1000)])
            )
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        token = uuid.uuid4().hex
        while (
            wait_ms := await self._call(
                _ACQUIRE, [self._slots, self._pacing], [token, self._max, self._ttl_ms]
            )
        ) != 0:
            await asyncio.sleep(POLL_S if wait_ms < 0 else wait_ms / 1000)
        try:
            yield
        finally:
            await self._call("return redis.call('ZREM', KEYS[1], ARGV[1])", [self._slots], [token])


class RedisPoliteness(Politeness):
    """The limiters of one (run, locale) crawl, shared with every other worker through Redis."""

    def __init__(self, redis: Redis, max_in_flight: int, slot_ttl_s: float, on_outage: OutageHook) -> None:
        super().__init__(max_in_flight)
        self._redis = redis
        self._slot_ttl_s = slot_ttl_s
        self._on_outage = on_outage
        self._redis_limiters: dict[str, RedisSiteLimiter] = {}

    def limiter(self, site: str) -> SiteLimiter:
        if site not in self._redis_limiters:
            self._redis_limiters[site] = RedisSiteLimiter(
                self._redis, site, self._max_in_flight, self._slot_ttl_s, self._on_outage
            )
        return self._redis_limiters[site]
