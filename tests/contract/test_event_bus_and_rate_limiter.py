from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from souk.adapters.inprocess.event_bus import InProcessEventBus
from souk.adapters.limits.limits_rate_limiter import LimitsRateLimiter
from souk.adapters.redis.event_bus import RedisEventBus
from souk.application.ports.event_bus import EventBus
from souk.application.ports.rate_limiter import RateLimiter, RateRule
from souk.domain.accounts.events import UserRegistered
from souk.domain.shared.errors import RateLimited
from souk.domain.shared.events import DomainEvent
from souk.domain.streams.events import AudienceChanged, StreamWentLive
from souk.domain.streams.settings import Audience
from tests.support import unique


@pytest.fixture(params=["inprocess", pytest.param("redis", marks=pytest.mark.redis)])
async def bus(request: pytest.FixtureRequest) -> AsyncIterator[EventBus]:
    if request.param == "inprocess":
        yield InProcessEventBus()
        return
    client = Redis.from_url(request.getfixturevalue("redis_url"))
    redis_bus = RedisEventBus(client)
    yield redis_bus
    await redis_bus.aclose()
    await client.aclose()


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def limiter(request: pytest.FixtureRequest) -> RateLimiter:
    if request.param == "memory":
        return LimitsRateLimiter.in_memory()
    return LimitsRateLimiter.redis(Redis.from_url(request.getfixturevalue("redis_url")))


async def next_of(stream: AsyncIterator[DomainEvent], wanted: DomainEvent) -> DomainEvent:
    """The next event equal to ``wanted`` (a shared Redis may carry other tests' events)."""
    while True:
        event = await asyncio.wait_for(anext(stream), 2)
        if event == wanted:
            return event


async def test_subscribers_get_events_of_their_classes_only_typed(bus: EventBus) -> None:
    mark = uuid.uuid4()
    async with bus.subscribe(UserRegistered) as first, bus.subscribe(UserRegistered) as second:
        await asyncio.sleep(0.05)  # let Redis register the subscriptions
        await bus.publish(AudienceChanged(mark))
        await bus.publish(UserRegistered(mark))
        got_first = await asyncio.wait_for(anext(first), 2)
        got_second = await next_of(second, UserRegistered(mark))
    assert got_first == UserRegistered(mark)
    assert isinstance(got_first, UserRegistered)
    assert got_second == got_first


async def test_events_published_with_nobody_listening_are_dropped(bus: EventBus) -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    await bus.publish(UserRegistered(first))
    async with bus.subscribe(UserRegistered) as stream:
        await asyncio.sleep(0.05)
        await bus.publish(UserRegistered(second))
        got = await asyncio.wait_for(anext(stream), 2)
        while got not in (UserRegistered(first), UserRegistered(second)):
            got = await asyncio.wait_for(anext(stream), 2)
    assert got == UserRegistered(second)


@pytest.mark.redis
async def test_a_killed_publisher_connection_is_replaced_and_a_killed_subscription_ends_with_an_error(
    redis_url: str,
) -> None:
    """The bus's own connections (``lean_pubsub``), each killed server-side as a restart or
    a network cut would: the next publish still arrives; the subscription does not go quiet
    but ends with ``ConnectionError``, so its owner resubscribes and is redelivered."""
    name = unique("bus")
    client = Redis.from_url(redis_url, client_name=name)
    bus = RedisEventBus(client)
    first, second = UserRegistered(uuid.uuid4()), UserRegistered(uuid.uuid4())
    try:
        async with bus.subscribe(UserRegistered) as stream:
            await asyncio.sleep(0.05)
            await bus.publish(first)
            assert await next_of(stream, first) == first
            assert await _kill(client, name, "publish") == 1
            await bus.publish(second)
            assert await next_of(stream, second) == second
            assert await _kill(client, name, "subscribe") == 1
            with pytest.raises(RedisConnectionError):
                await _drained(stream)
    finally:
        await bus.aclose()
        await client.aclose()


async def _drained(stream: AsyncIterator[DomainEvent]) -> None:
    """Reads ``stream`` until it ends (an error) or stays quiet for 2 s (TimeoutError)."""
    while True:
        await asyncio.wait_for(anext(stream), 2)


async def _kill(client: Redis, name: str, last_command: str) -> int:
    """Kills the connections named ``name`` whose last command was ``last_command``."""
    listed = await client.client_list()
    ids = [c["id"] for c in listed if c.get("name") == name and c.get("cmd") == last_command]
    for client_id in ids:
        await client.client_kill_filter(_id=client_id)
    return len(ids)


@pytest.mark.redis
async def test_a_message_from_an_older_build_is_upcast_and_garbage_is_dropped(redis_url: str) -> None:
    """Two builds side by side during a deploy: a v1 ``stream.live`` (no settings yet) is
    read as today's event; a message nobody can read does not end the subscription."""
    client = Redis.from_url(redis_url)
    bus = RedisEventBus(client)
    stream_id, seller = uuid.uuid4(), uuid.uuid4()
    started = "2026-05-01T18:00:00Z"
    old = {"v": 1, "e": {"stream_id": str(stream_id), "seller_id": str(seller), "started_at": started}}
    channel = f"souk:{client.connection_pool.connection_kwargs.get('db', 0)}:events:stream.live"
    try:
        async with bus.subscribe(StreamWentLive) as stream:
            await asyncio.sleep(0.05)
            await client.publish(channel, b"not json")
            await client.publish(channel, json.dumps({"v": 1, "e": {"stream_id": "x"}}))
            await client.publish(channel, json.dumps(old))
            got = await asyncio.wait_for(anext(stream), 2)
            while not (isinstance(got, StreamWentLive) and got.stream_id == stream_id):
                got = await asyncio.wait_for(anext(stream), 2)
    finally:
        await client.aclose()
    assert got == StreamWentLive(
        stream_id, seller, "", Audience.EVERYONE, True, False, datetime(2026, 5, 1, 18, tzinfo=UTC)
    )


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


async def test_clearing_a_key_while_old_hits_are_swept_raises_nowhere(limiter: RateLimiter) -> None:
    """A successful login clears its failure counter at any moment, also while the
    in-memory store's background sweep of old hits walks the keys (limits 5.8 raised
    KeyError in that task, logged as 'Task exception was never retrieved')."""
    rule = RateRule(unique("r"), 10, 60)
    keys = [unique("k") for _ in range(20)]
    for key in keys:
        await limiter.hit(rule, key)
    await asyncio.sleep(0)  # the sweep starts and yields on its first key
    for key in keys:
        await limiter.clear(rule, key)
    others = asyncio.all_tasks() - {asyncio.current_task()}
    if others:
        await asyncio.wait(others, timeout=5)
    failed = [task for task in others if task.done() and not task.cancelled() and task.exception() is not None]
    assert failed == [], [task.exception() for task in failed]
    for key in keys:
        assert await limiter.count(rule, key) == 0
