from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import msgspec
from redis.asyncio import ConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from souk.application.ports.event_bus import EventBus
from souk.domain.shared.events import DomainEvent

Delivery = tuple[str, dict[str, Any]]


class RedisEventBus(EventBus):
    """Cross-process fan-out over Redis pub/sub (at-most-once: durable state lives elsewhere).

    Pub/sub channels are global to a Redis server, unlike keys, so channel names carry the
    logical database: deployments sharing one server on different databases stay apart.

    Subscriptions use connections of their own that never reconnect silently: redis-py's
    pub/sub would otherwise resubscribe inside ``listen()`` after a Redis restart, and what
    was published before it did would be lost without anyone knowing. Here the
    subscription ends with the connection error, so its owner (and ``RedeliveringEventBus``)
    sees the lapse and what it missed can be delivered again."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        pool = redis.connection_pool
        kwargs = {**pool.connection_kwargs, "retry": Retry(NoBackoff(), 0)}
        self._subscriber = Redis(connection_pool=ConnectionPool(connection_class=pool.connection_class, **kwargs))
        self._encoder = msgspec.json.Encoder()
        db = redis.connection_pool.connection_kwargs.get("db", 0)
        self._prefix = f"souk:{db}:events:"

    async def publish(self, event: DomainEvent) -> None:
        await self._redis.publish(self._prefix + event.topic, self._encoder.encode(event.payload))

    @asynccontextmanager
    async def subscribe(self, *topics: str) -> AsyncIterator[AsyncIterator[Delivery]]:
        pubsub = self._subscriber.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(*(self._prefix + t for t in topics))
        try:
            yield _listen(pubsub, self._prefix)
        finally:
            await pubsub.aclose()  # type: ignore[no-untyped-call]


async def _listen(pubsub: Any, prefix: str) -> AsyncIterator[Delivery]:
    decoder = msgspec.json.Decoder(dict[str, Any])
    async for message in pubsub.listen():
        if message.get("type") != "message":
            continue
        channel = message["channel"]
        channel = channel.decode() if isinstance(channel, bytes) else channel
        yield channel.removeprefix(prefix), decoder.decode(message["data"])
