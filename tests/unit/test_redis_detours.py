"""Rate limits and the category cache go around Redis while it is away (logged once per
outage, Redis tried again after a second), and a lapsed bus subscription gets what it
missed from the outbox when it subscribes again."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ClassVar
from uuid import uuid4

import pytest
import redis.exceptions

from souk.adapters.inprocess.category_cache import InProcessCategoryCache
from souk.adapters.limits.limits_rate_limiter import LimitsRateLimiter
from souk.adapters.memory.clock import FakeClock
from souk.adapters.memory.outbox import InMemoryOutbox, InMemoryOutboxStore
from souk.adapters.memory.store import InMemoryStore
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.adapters.system.outages import ExceptionOutageClassifier
from souk.application.bus_redelivery import RedeliveringEventBus
from souk.application.ports.outbox import OutboxEntry
from souk.application.ports.rate_limiter import RateRule
from souk.application.system.outages import Outages
from souk.application.system.redis_detours import CategoryCacheWithFallback, RateLimitsWithFallback
from souk.domain.catalog.category import Category
from souk.domain.shared.errors import RateLimited
from souk.domain.shared.events import DomainEvent

RULE = RateRule("login", 3, 60)


class Away:
    """A Redis-backed part whose Redis is down (or back, when ``up``)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.up = False
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        async def call(*args: Any) -> Any:
            self.calls += 1
            if not self.up:
                raise redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")
            return await getattr(self.inner, name)(*args)

        return call


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def lines() -> Iterator[Lines]:
    handler = Lines()
    logger = logging.getLogger("souk.outages")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


async def test_rate_limits_fall_back_to_this_process_and_still_limit(lines: Lines) -> None:
    shared = Away(LimitsRateLimiter.in_memory())
    limiter = RateLimitsWithFallback(shared, LimitsRateLimiter.in_memory(), Outages(ExceptionOutageClassifier()))  # type: ignore[arg-type]
    for _ in range(RULE.amount):
        await limiter.hit(RULE, "1.2.3.4")
    with pytest.raises(RateLimited):  # the local buckets limit as the shared ones did
        await limiter.hit(RULE, "1.2.3.4")
    assert shared.calls == 1, "Redis is not asked again within the probe interval"
    assert [line for line in lines.lines if "detour_started" in line] == [
        "redis.detour_started part=rate_limits error=ConnectionError"
    ]
    assert len([line for line in lines.lines if "dependency=redis" in line]) == 1

    shared.up = True
    limiter.detour._probe_at = 0.0  # the probe interval is over
    await limiter.hit(RULE, "5.6.7.8")
    assert not limiter.detour.detoured
    assert await shared.inner.count(RULE, "5.6.7.8") == 1, "back on the shared limits"
    assert any("redis.detour_ended part=rate_limits" in line for line in lines.lines)


async def test_other_failures_are_not_detoured() -> None:
    class Broken:
        async def hit(self, rule: RateRule, key: str) -> None:
            raise ValueError("a bug")

    limiter = RateLimitsWithFallback(Broken(), LimitsRateLimiter.in_memory(), Outages(ExceptionOutageClassifier()))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="a bug"):
        await limiter.hit(RULE, "k")
    assert not limiter.detour.detoured


async def test_the_category_cache_misses_while_redis_is_away(lines: Lines) -> None:
    backing = Away(InProcessCategoryCache())
    cache = CategoryCacheWithFallback(backing, Outages(ExceptionOutageClassifier()))  # type: ignore[arg-type]
    tree = [Category(uuid4(), "Lamps", "lamps", None, 1)]
    await cache.put(tree)
    assert await cache.get() is None
    assert cache.detour.detoured
    backing.up = True
    cache.detour._probe_at = 0.0
    await cache.put(tree)
    assert await cache.get() == tree
    assert not cache.detour.detoured


@dataclass(frozen=True, slots=True)
class Chatted(DomainEvent):
    topic: ClassVar[str] = "test.chatted"
    n: int


@dataclass(frozen=True, slots=True)
class Elsewhere(DomainEvent):
    topic: ClassVar[str] = "test.elsewhere"
    n: int


class FlakyBus:
    """A bus whose subscriptions break on demand, as a Redis restart breaks them."""

    def __init__(self) -> None:
        self.queues: list[asyncio.Queue[DomainEvent | Exception]] = []

    async def publish(self, event: DomainEvent) -> None:
        for queue in self.queues:
            queue.put_nowait(event)

    def cut(self) -> None:
        for queue in self.queues:
            queue.put_nowait(redis.exceptions.ConnectionError("Connection closed by server."))
        self.queues = []

    @asynccontextmanager
    async def subscribe(self, *kinds: type[DomainEvent]) -> AsyncIterator[AsyncIterator[DomainEvent]]:
        queue: asyncio.Queue[DomainEvent | Exception] = asyncio.Queue()
        self.queues.append(queue)

        async def deliveries() -> AsyncIterator[DomainEvent]:
            while True:
                item = await queue.get()
                if isinstance(item, Exception):
                    raise item
                if isinstance(item, kinds):
                    yield item

        yield deliveries()


async def test_a_lapsed_subscription_gets_what_it_missed_from_the_outbox() -> None:
    store = InMemoryStore()
    clock = FakeClock()
    flaky = FlakyBus()
    bus = RedeliveringEventBus(flaky, InMemoryOutboxStore(store), clock)

    async def record(event: DomainEvent | None, published: bool = True) -> None:
        uow = InMemoryUnitOfWork(store)
        entry = OutboxEntry(uuid4(), event, clock.now())
        await InMemoryOutbox(uow).add(entry)
        if published:
            await InMemoryOutbox(uow).mark_published([entry.id], clock.now())
        await uow.commit()
        clock.advance(timedelta(milliseconds=10))

    await record(Chatted(0))
    clock.advance(timedelta(minutes=1))
    got: list[int] = []

    async def until_cut() -> None:
        async with bus.subscribe(Chatted) as deliveries:
            await flaky.publish(Chatted(1))
            flaky.cut()
            async for event in deliveries:
                assert isinstance(event, Chatted)
                got.append(event.n)

    with pytest.raises(redis.exceptions.ConnectionError):
        await until_cut()
    assert got == [1]
    assert bus.lapsed_since(Chatted) == clock.now()

    clock.advance(timedelta(seconds=2))
    await record(Chatted(2))  # published while nobody here was subscribed
    await record(Chatted(3), published=False)  # committed, its publication still under way
    await record(Elsewhere(4))  # a kind this subscriber does not hear
    await record(None)  # a row this build cannot read
    got = []
    async with bus.subscribe(Chatted) as deliveries:
        await flaky.publish(Chatted(5))
        async for event in deliveries:
            assert isinstance(event, Chatted)
            got.append(event.n)
            if event.n == 5:
                break
    assert got == [2, 3, 5]
    assert bus.lapsed_since(Chatted) is None, "caught up"
