"""Per-site politeness held in Redis across workers (each limiter here stands for another worker)."""

from __future__ import annotations

import asyncio
import time

from redis.asyncio import Redis

from server.distributed.politeness import RedisPoliteness
from tests.distributed.broker import RedisServer

SITE = "acme.test"


def _workers(
    redis_server: RedisServer, count: int, outages: list[str]
) -> tuple[list[Redis], list[RedisPoliteness]]:
    clients = [Redis.from_url(redis_server.url) for _ in range(count)]
    return clients, [RedisPoliteness(client, 2, 30.0, outages.append) for client in clients]


def test_at_most_two_page_loads_are_in_flight_per_site_across_workers(redis_server: RedisServer) -> None:
    async def scenario() -> int:
        clients, workers = _workers(redis_server, 3, [])
        in_flight = most = 0

        async def load(worker: RedisPoliteness) -> None:
            nonlocal in_flight, most
            async with worker.limiter(SITE).slot():
                in_flight += 1
                most = max(most, in_flight)
                await asyncio.sleep(0.2)
                in_flight -= 1

        await asyncio.gather(*(load(worker) for worker in workers for _ in range(2)))
        for client in clients:
            await client.aclose()
        return most

    assert asyncio.run(scenario()) == 2


def test_a_back_off_and_a_crawl_delay_seen_by_one_worker_hold_for_the_others(
    redis_server: RedisServer,
) -> None:
    async def scenario() -> tuple[float, float]:
        clients, (first, second) = _workers(redis_server, 2, [])
        first.limiter(SITE).back_off(1.0)  # a 429 with Retry-After: 1
        await asyncio.sleep(0.05)  # the write goes out on the loop
        started = time.monotonic()
        async with second.limiter(SITE).slot():
            waited_back_off = time.monotonic() - started
        first.limiter(SITE).min_interval = 0.5  # robots.txt Crawl-delay: 0.5
        await asyncio.sleep(0.05)
        async with second.limiter(SITE).slot():
            pass
        started = time.monotonic()
        async with second.limiter(SITE).slot():
            waited_delay = time.monotonic() - started
        for client in clients:
            await client.aclose()
        return waited_back_off, waited_delay

    waited_back_off, waited_delay = asyncio.run(scenario())
    assert 0.8 <= waited_back_off < 2.0
    assert 0.35 <= waited_delay < 1.5


def test_a_page_load_waits_out_a_redis_outage_and_it_is_reported(redis_server: RedisServer) -> None:
    outages: list[str] = []

    async def scenario() -> None:
        clients, (worker,) = _workers(redis_server, 1, outages)
        redis_server.stop()
        loop = asyncio.get_running_loop()
        loop.call_later(1.0, redis_server.start)  # blocks the loop briefly while redis starts
        async with worker.limiter(SITE).slot():
            pass
        for client in clients:
            await client.aclose()

    asyncio.run(scenario())
    assert outages[0].startswith("redis unreachable for politeness")
    assert outages[-1].startswith("redis reachable again after")
