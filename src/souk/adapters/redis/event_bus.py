from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import msgspec
from redis.asyncio import ConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from souk.adapters.events.registry import EventRegistry
from souk.adapters.redis.lean_pubsub import LeanPublisher, connected_streams, pushed_messages
from souk.application.ports.event_bus import EventBus
from souk.domain.shared.events import DomainEvent

log = logging.getLogger(__name__)


class _Message(msgspec.Struct):
    v: int
    e: msgspec.Raw


class RedisEventBus(EventBus):
    """Cross-process fan-out over Redis pub/sub (at-most-once: durable state lives elsewhere).

    A message is ``{"v": version, "e": event}`` on the channel of the event's topic; one of
    the current version is decoded straight into its class, an older one goes through the
    registry's upcasters (two builds side by side during a deploy).

    Pub/sub channels are global to a Redis server, unlike keys, so channel names carry the
    logical database: deployments sharing one server on different databases stay apart.

    Subscriptions use connections of their own that never reconnect silently: redis-py's
    pub/sub would otherwise resubscribe inside ``listen()`` after a Redis restart, and what
    was published before it did would be lost without anyone knowing. Here the
    subscription ends with the connection error, so its owner (and ``RedeliveringEventBus``)
    sees the lapse and what it missed can be delivered again.

    The hot paths, PUBLISH and reading pushes, are ``lean_pubsub``'s: on connections redis-py
    makes, without its per-command machinery. Call ``aclose`` when done."""

    def __init__(self, redis: Redis, registry: EventRegistry | None = None) -> None:
        pool = redis.connection_pool
        kwargs = {**pool.connection_kwargs, "retry": Retry(NoBackoff(), 0)}
        self._subscriber = Redis(connection_pool=ConnectionPool(connection_class=pool.connection_class, **kwargs))
        timeout = kwargs.get("socket_timeout")
        self._publisher = LeanPublisher(lambda: _connected(pool.connection_class(**kwargs)), timeout)
        self._registry = registry or EventRegistry()
        self._encoder = msgspec.json.Encoder()
        db = redis.connection_pool.connection_kwargs.get("db", 0)
        self._prefix = f"souk:{db}:events:"

    async def publish(self, event: DomainEvent) -> None:
        data = self._encoder.encode({"v": event.version, "e": event})
        await self._publisher.publish(self._prefix + event.topic, data)

    async def aclose(self) -> None:
        await self._publisher.aclose()

    @asynccontextmanager
    async def subscribe(self, *kinds: type[DomainEvent]) -> AsyncIterator[AsyncIterator[DomainEvent]]:
        pubsub = self._subscriber.pubsub(ignore_subscribe_messages=True)
        by_channel = {self._prefix + k.topic: k for k in kinds}
        await pubsub.subscribe(*by_channel)
        try:
            yield self._listen(pubsub, by_channel)
        finally:
            await pubsub.aclose()  # type: ignore[no-untyped-call]

    async def _listen(self, pubsub: Any, by_channel: dict[str, type[DomainEvent]]) -> AsyncIterator[DomainEvent]:
        envelope = msgspec.json.Decoder(_Message)
        kinds = {channel.encode(): kind for channel, kind in by_channel.items()}
        decoders = {channel: msgspec.json.Decoder(kind) for channel, kind in kinds.items()}
        async for channel, data in pushed_messages(connected_streams(pubsub.connection)[0]):
            kind = kinds.get(channel)
            if kind is None:
                continue
            try:
                wrapped = envelope.decode(data)
                if wrapped.v == kind.version:
                    yield decoders[channel].decode(wrapped.e)
                    continue
                payload = msgspec.json.decode(wrapped.e)
                payload["v"] = wrapped.v
            except (msgspec.DecodeError, TypeError):
                log.warning("event_bus.unreadable topic=%s", kind.topic)
                continue
            event = self._registry.from_payload(kind.topic, payload)
            if event is not None:
                yield event


async def _connected(connection: Any) -> Any:
    await connection.connect()
    return connection
