"""Realtime tickets: one store in memory (embedded) and in Redis (any process redeems)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from redis.asyncio import Redis

from souk.adapters.memory.clock import FakeClock
from souk.adapters.memory.ticket_store import InMemoryTicketStore
from souk.adapters.redis.ticket_store import RedisTicketStore
from souk.application.ports.ticket_store import TicketGrant, TicketStore
from tests.support import unique

EXPIRES = datetime(2026, 12, 6, 21, 0, tzinfo=UTC)


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
async def store(request: pytest.FixtureRequest) -> AsyncIterator[TicketStore]:
    if request.param == "memory":
        yield InMemoryTicketStore(FakeClock(datetime.now(UTC)))
        return
    client = Redis.from_url(request.getfixturevalue("redis_url"))
    yield RedisTicketStore(client)
    await client.aclose()


def a_grant() -> TicketGrant:
    return TicketGrant(uuid4(), uuid4(), EXPIRES)


async def test_a_ticket_is_taken_once_with_its_grant(store: TicketStore) -> None:
    key, grant = unique("t"), a_grant()
    await store.put(key, grant, timedelta(seconds=30))
    assert await store.take(key) == grant
    assert await store.take(key) is None
    assert await store.take(unique("never")) is None


async def test_of_racing_takers_exactly_one_gets_the_ticket(store: TicketStore) -> None:
    key = unique("t")
    await store.put(key, a_grant(), timedelta(seconds=30))
    taken = await asyncio.gather(*(store.take(key) for _ in range(20)))
    assert sum(t is not None for t in taken) == 1


async def test_a_ticket_expires_with_its_ttl() -> None:
    clock = FakeClock(datetime.now(UTC))
    memory = InMemoryTicketStore(clock)
    await memory.put("k", a_grant(), timedelta(seconds=30))
    clock.advance(timedelta(seconds=30))
    assert await memory.take("k") is None


@pytest.mark.redis
async def test_redis_expires_a_ticket_with_its_ttl(redis_url: str) -> None:
    client = Redis.from_url(redis_url)
    try:
        redis = RedisTicketStore(client)
        key = unique("t")
        await redis.put(key, a_grant(), timedelta(milliseconds=300))
        await asyncio.sleep(0.6)
        assert await redis.take(key) is None
        assert not [k async for k in client.scan_iter(match=f"*{key}*")]
    finally:
        await client.aclose()
