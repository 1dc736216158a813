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


BATCH = 50
STOP_GRACE_S = 10.0


class NotificationConsumer:
    """Drains the outbox at start, whenever a trigger is published on the bus (the
    doorbell), and every ``poll_s`` whatever the bus says (it is at-most-once).

    Stopping lets the event in hand finish (between batches of ``BATCH``) instead of
    cancelling it mid-transaction, so no half-done transaction holds locks after shutdown."""

    def __init__(self, container: AsyncContainer, poll_s: float = 1.0) -> None:
        self._container = container
        self._poll_s = poll_s
        self._wake = asyncio.Event()
        self._stopping = False
        self._drainer: asyncio.Task[None] | None = None
        self._doorbell_task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._stopping = False
        self._drainer = asyncio.create_task(self._drain_loop(), name="notification-consumer")
        self._doorbell_task = asyncio.create_task(self._doorbell(), name="notification-doorbell")

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._doorbell_task is not None:
            self._doorbell_task.cancel()
            await asyncio.wait({self._doorbell_task}, timeout=STOP_GRACE_S)
        if self._drainer is not None:
            done, _ = await asyncio.wait({self._drainer}, timeout=STOP_GRACE_S)
            if not done:
                log.warning("notifications.consumer_cancelled_at_stop")
                self._drainer.cancel()
                await asyncio.wait({self._drainer}, timeout=STOP_GRACE_S)

    async def _handle(self, entry: OutboxEntry) -> None:
        async with self._container() as request:
            await (await request.get(DeliverEvent))(entry)

    async def _drain_loop(self) -> None:
        drain = await self._container.get(DrainEventFeed)
        while not self._stopping:
            self._wake.clear()
            try:
                while not self._stopping and (await drain.once(self._handle, BATCH))[1] == BATCH:
                    pass
            except Exception:  # the database away for a moment: the next round retries
                log.warning("notifications.drain_failed", exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll_s)

    async def _doorbell(self) -> None:
        bus = await self._container.get(EventBus)
        while not self._stopping:
            try:
                async with bus.subscribe(*TRIGGER_TOPICS) as deliveries:
                    async for _ in deliveries:
                        self._wake.set()
            except asyncio.CancelledError:
                raise
            except Exception:  # also a cancellation the Redis client turned into an error
                if self._stopping:
                    return
                log.warning("notifications.doorbell_lost", exc_info=True)
                await asyncio.sleep(1.0)
