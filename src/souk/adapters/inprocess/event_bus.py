from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from souk.application.ports.event_bus import EventBus
from souk.domain.shared.events import DomainEvent

log = logging.getLogger(__name__)


class InProcessEventBus(EventBus):
    """The embedded deployment's bus: one process, so a queue per subscriber is enough
    (events are frozen: subscribers share the instance)."""

    def __init__(self, queue_size: int = 10_000) -> None:
        self._subscribers: dict[type[DomainEvent], set[asyncio.Queue[DomainEvent]]] = defaultdict(set)
        self._queue_size = queue_size

    async def publish(self, event: DomainEvent) -> None:
        for queue in tuple(self._subscribers.get(type(event), ())):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                log.warning("event_bus.subscriber_full topic=%s", event.topic)

    @asynccontextmanager
    async def subscribe(self, *kinds: type[DomainEvent]) -> AsyncIterator[AsyncIterator[DomainEvent]]:
        queue: asyncio.Queue[DomainEvent] = asyncio.Queue(self._queue_size)
        for kind in kinds:
            self._subscribers[kind].add(queue)
        try:
            yield _drain(queue)
        finally:
            for kind in kinds:
                self._subscribers[kind].discard(queue)
                if not self._subscribers[kind]:
                    del self._subscribers[kind]


async def _drain(queue: asyncio.Queue[DomainEvent]) -> AsyncIterator[DomainEvent]:
    while True:
        yield await queue.get()
