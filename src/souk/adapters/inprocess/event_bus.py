from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from souk.application.ports.event_bus import EventBus
from souk.domain.shared.events import DomainEvent

log = logging.getLogger(__name__)
Delivery = tuple[str, dict[str, Any]]


class InProcessEventBus(EventBus):
    """The embedded deployment's bus: one process, so a queue per subscriber is enough."""

    def __init__(self, queue_size: int = 10_000) -> None:
        self._subscribers: dict[str, set[asyncio.Queue[Delivery]]] = defaultdict(set)
        self._queue_size = queue_size

    async def publish(self, event: DomainEvent) -> None:
        for queue in tuple(self._subscribers.get(event.topic, ())):
            try:
                queue.put_nowait((event.topic, event.payload))
            except asyncio.QueueFull:
                log.warning("event_bus.subscriber_full topic=%s", event.topic)

    @asynccontextmanager
    async def subscribe(self, *topics: str) -> AsyncIterator[AsyncIterator[Delivery]]:
        queue: asyncio.Queue[Delivery] = asyncio.Queue(self._queue_size)
        for topic in topics:
            self._subscribers[topic].add(queue)
        try:
            yield _drain(queue)
        finally:
            for topic in topics:
                self._subscribers[topic].discard(queue)
                if not self._subscribers[topic]:
                    del self._subscribers[topic]


async def _drain(queue: asyncio.Queue[Delivery]) -> AsyncIterator[Delivery]:
    while True:
        yield await queue.get()
