from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from souk.adapters.inprocess.event_bus import InProcessEventBus
from souk.adapters.limits.limits_rate_limiter import LimitsRateLimiter
from souk.adapters.redis.event_bus import RedisEventBus
from souk.application.ports.event_bus import EventBus
from souk.application.ports.rate_limiter import RateLimiter, RateRule
from souk.domain.shared.errors import RateLimited
from souk.domain.shared.events import DomainEvent
from tests.support import unique


@pytest.fixture(params=["inprocess", pytest.param("redis", marks=pytest.mark.redis)])
async def bus(request: pytest.FixtureRequest) -> AsyncIterator[EventBus]:
    if request.param == "inprocess":
        yield InProcessEventBus()
        return
    client = Redis.from_url(request.getfixturevalue("redis_url"))
    yield RedisEventBus(client)
    await client.aclose()


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def limiter(request: pytest.FixtureRequest) -> RateLimiter:
    if request.param == "memory":
        return LimitsRateLimiter.in_memory()
    return LimitsRateLimiter.redis(Redis.from_url(request.getfixturevalue("redis_url")))


async def test_subscribers_get_events_of_their_topics_only(bus: EventBus) -> None:
    topic, other = unique("t."), unique("o.")
    async with bus.subscribe(topic) as first, bus.subscribe(topic) as second:
        await asyncio.sleep(0.05)  # let Redis register the subscriptions
        await bus.publish(DomainEvent(other, {"n": 0}))
        await bus.publish(DomainEvent(topic, {"n": 1, "text": "héllo"}))
        got_first = await asyncio.wait_for(anext(first), 2)
        got_second = await asyncio.wait_for(anext(second), 2)
    assert got_first == (topic, {"n": 1, "text": "héllo"})
    assert got_second == got_first


async def test_events_published_with_nobody_listening_are_dropped(bus: EventBus) -> None:
    topic = unique("t.")
    await bus.publish(DomainEvent(topic, {"n": 1}))
    async with bus.subscribe(topic) as stream:
        await asyncio.sleep(0.05)
        await bus.publish(DomainEvent(topic, {"n": 2}))
        assert await asyncio.wait_for(anext(stream), 2) == (topic, {"n": 2})


async def test_a_rule_allows_its_amount_then_refuses_with_retry_after(limiter: RateLimiter) -> None:
    rule, key = RateRule(unique("r"), 3, 60), unique("k")
    for _ in range(3):
        await limiter.hit(rule, key)
    with pytest.raises(RateLimited) as err:
        await limiter.hit(rule, key)
    assert 1 <= err.value.retry_after <= 60
    await limiter.hit(rule, unique("other-key"))


async def test_check_does_not_count_and_clear_resets(limiter: RateLimiter) -> None:
    rule, key = RateRule(unique("r"), 1, 60), unique("k")
    await limiter.check(rule, key)
    await limiter.check(rule, key)
    await limiter.hit(rule, key)
    with pytest.raises(RateLimited):
        await limiter.check(rule, key)
    await limiter.clear(rule, key)
    await limiter.hit(rule, key)


async def test_count_tells_the_hits_in_the_window_per_key(limiter: RateLimiter) -> None:
    rule, key = RateRule(unique("r"), 5, 60), unique("k")
    assert await limiter.count(rule, key) == 0
    for _ in range(3):
        await limiter.hit(rule, key)
    assert await limiter.count(rule, key) == 3
    assert await limiter.count(rule, unique("other-key")) == 0
    await limiter.clear(rule, key)
    assert await limiter.count(rule, key) == 0
