"""Redis when ``SOUK_REDIS_URL`` is set, else the in-process twin: client, bus, presence,
limits, caches, live counters, tickets."""

from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from souk.adapters.events.registry import EventRegistry
from souk.adapters.inprocess.category_cache import InProcessCategoryCache
from souk.adapters.inprocess.event_bus import InProcessEventBus
from souk.adapters.inprocess.live_audience import InProcessLiveAudience
from souk.adapters.inprocess.stream_counters import InProcessStreamCounters
from souk.adapters.limits.limits_rate_limiter import LimitsRateLimiter
from souk.adapters.memory.presence import InMemoryPresence
from souk.adapters.memory.ticket_store import InMemoryTicketStore
from souk.adapters.redis.category_cache import RedisCategoryCache
from souk.adapters.redis.event_bus import RedisEventBus
from souk.adapters.redis.live_audience import RedisLiveAudience
from souk.adapters.redis.presence import RedisPresence
from souk.adapters.redis.stream_counters import RedisStreamCounters
from souk.adapters.redis.ticket_store import RedisTicketStore
from souk.application.bus_redelivery import RedeliveringEventBus
from souk.application.notifications.doorbell import Doorbell, RingingEventBus
from souk.application.ports.category_cache import CategoryCache
from souk.application.ports.event_bus import EventBus
from souk.application.ports.live_audience import LiveAudience
from souk.application.ports.outbox import OutboxStore
from souk.application.ports.presence import Presence
from souk.application.ports.rate_limiter import RateLimiter
from souk.application.ports.stream_counters import StreamCounters
from souk.application.ports.ticket_store import TicketStore
from souk.application.shared.clock import Clock
from souk.application.streams.config import LiveConfig
from souk.application.system.outages import Outages
from souk.application.system.redis_detours import CategoryCacheWithFallback, RateLimitsWithFallback
from souk.bootstrap.settings import Settings

REDIS_CONNECTIONS = 100  # redis-py's default ceiling per process


REDIS_CHECKOUT_TIMEOUT_S = 5.0


class RedisProvider(Provider):
    scope = Scope.APP

    @provide
    def category_cache(self, redis: Redis | None, outages: Outages) -> CategoryCache:
        if redis is None:
            return InProcessCategoryCache()
        return CategoryCacheWithFallback(RedisCategoryCache(redis), outages)

    @provide
    async def redis(self, settings: Settings) -> AsyncIterator[Redis | None]:
        if settings.redis_url is None:
            yield None
            return
        # A blocking pool: at a burst (2,000 sockets' first frames renewing presence at once)
        # callers wait a moment for a free connection instead of failing "Too many connections".
        # A host that does not answer fails in seconds (503), not after the kernel's connect timeout.
        pool = BlockingConnectionPool.from_url(
            settings.redis_url,
            max_connections=REDIS_CONNECTIONS,
            timeout=REDIS_CHECKOUT_TIMEOUT_S,
            health_check_interval=30,
            socket_connect_timeout=5,
            # A command that meets a connection the server closed (a Redis restart) is sent
            # once more on a fresh connection: the restart is invisible to requests.
            retry=Retry(NoBackoff(), 1),
        )
        client = Redis.from_pool(pool)
        yield client
        await client.aclose()

    @provide
    def doorbell(self) -> Doorbell:
        return Doorbell()

    @provide
    async def event_bus(
        self, redis: Redis | None, store: OutboxStore, clock: Clock, registry: EventRegistry, doorbell: Doorbell
    ) -> AsyncIterator[EventBus]:
        if redis is None:
            yield RingingEventBus(InProcessEventBus(), doorbell)  # one process: a subscription never lapses
            return
        bus = RedisEventBus(redis, registry)
        yield RingingEventBus(RedeliveringEventBus(bus, store, clock), doorbell)
        await bus.aclose()

    @provide
    def presence(self, redis: Redis | None, settings: Settings) -> Presence:
        ttl_s = settings.presence_ttl_s
        return RedisPresence(redis, ttl_s) if redis is not None else InMemoryPresence(ttl_s)

    @provide
    def rate_limiter(self, redis: Redis | None, outages: Outages) -> RateLimiter:
        if redis is None:
            return LimitsRateLimiter.in_memory()
        return RateLimitsWithFallback(LimitsRateLimiter.redis(redis), LimitsRateLimiter.in_memory(), outages)

    @provide
    def ticket_store(self, redis: Redis | None, clock: Clock) -> TicketStore:
        return RedisTicketStore(redis) if redis is not None else InMemoryTicketStore(clock)

    @provide
    def audience(self, redis: Redis | None, config: LiveConfig) -> LiveAudience:
        ttl = 3 * config.viewer_broadcast_s
        return RedisLiveAudience(redis, ttl) if redis is not None else InProcessLiveAudience(ttl)

    @provide
    def counters(self, redis: Redis | None) -> StreamCounters:
        return RedisStreamCounters(redis) if redis is not None else InProcessStreamCounters()
