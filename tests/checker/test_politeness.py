"""Retry-After parsing and the per-site cap on navigations in flight."""

from __future__ import annotations

import asyncio

from checker.politeness import MAX_RETRY_AFTER_S, SiteLimiter, parse_retry_after


def test_retry_after_seconds_dates_and_garbage() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("100000") == MAX_RETRY_AFTER_S
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_limiter_never_lets_more_than_two_in() -> None:
    async def run() -> int:
        limiter = SiteLimiter(max_in_flight=2)
        inside = peak = 0

        async def work() -> None:
            nonlocal inside, peak
            async with limiter.slot():
                inside += 1
                peak = max(peak, inside)
                await asyncio.sleep(0.01)
                inside -= 1

        await asyncio.gather(*(work() for _ in range(8)))
        return peak

    assert asyncio.run(run()) == 2


def test_back_off_delays_the_next_slot() -> None:
    async def run() -> float:
        loop = asyncio.get_running_loop()
        limiter = SiteLimiter()
        limiter.back_off(0.2)
        started = loop.time()
        async with limiter.slot():
            return loop.time() - started

    assert asyncio.run(run()) >= 0.19


def test_crawl_delay_spaces_slots_taken_together() -> None:
    """Two tabs asking at the same moment still start a Crawl-delay apart."""

    async def run() -> list[float]:
        loop = asyncio.get_running_loop()
        limiter = SiteLimiter(max_in_flight=2)
        limiter.min_interval = 0.2
        starts: list[float] = []

        async def load() -> None:
            async with limiter.slot():
                starts.append(loop.time())

        await asyncio.gather(*(load() for _ in range(3)))
        return sorted(starts)

    starts = asyncio.run(run())
    assert min(later - earlier for earlier, later in zip(starts, starts[1:], strict=False)) >= 0.19
