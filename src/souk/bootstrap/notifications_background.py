"""The notification consumer every server process runs (see
application/notifications/drain_event_feed.py for why it reads the outbox)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from dishka import AsyncContainer

from souk.application.notifications.deliver_event import DeliverEvent
from souk.application.notifications.drain_event_feed import DrainEventFeed
from souk.application.notifications.topics import TRIGGER_TOPICS
from souk.application.ports.event_bus import EventBus
from souk.application.ports.outbox import OutboxEntry

log = logging.getLogger("souk.notifications")


class NotificationConsumer:
    """Drains the outbox at start, whenever a trigger is published on the bus (the
    doorbell), and every ``poll_s`` whatever the bus says (it is at-most-once)."""

    def __init__(self, container: AsyncContainer, poll_s: float = 1.0) -> None:
        self._container = container
        self._poll_s = poll_s
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        wake = asyncio.Event()
        self._tasks = [
            asyncio.create_task(self._drain_loop(wake), name="notification-consumer"),
            asyncio.create_task(self._doorbell(wake), name="notification-doorbell"),
        ]

    STOP_GRACE_S = 2.0

    async def stop(self) -> None:
        """Cancel both loops and wait a bounded time: redis-py can swallow a cancellation
        that lands inside a blocking pub/sub read (redis/redis-py#2028, #2551), and a
        doorbell stuck there must not hold the server's shutdown forever."""
        for task in self._tasks:
            task.cancel()
        if not self._tasks:
            return
        _, stuck = await asyncio.wait(self._tasks, timeout=self.STOP_GRACE_S)
        for task in stuck:
            log.warning("notifications.stop_abandoned task=%s", task.get_name())

    async def _handle(self, entry: OutboxEntry) -> None:
        async with self._container() as request:
            await (await request.get(DeliverEvent))(entry)

    async def _drain_loop(self, wake: asyncio.Event) -> None:
        drain = await self._container.get(DrainEventFeed)
        while True:
            wake.clear()
            try:
                await drain(self._handle)
            except Exception:  # the database away for a moment: the next round retries
                log.warning("notifications.drain_failed", exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), self._poll_s)

    async def _doorbell(self, wake: asyncio.Event) -> None:
        bus = await self._container.get(EventBus)
        while True:
            try:
                async with bus.subscribe(*TRIGGER_TOPICS) as deliveries:
                    async for _ in deliveries:
                        wake.set()
            except Exception:
                log.warning("notifications.doorbell_lost", exc_info=True)
                await asyncio.sleep(1.0)
