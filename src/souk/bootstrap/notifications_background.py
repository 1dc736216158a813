"""The notification consumer every server process runs (see
application/notifications/drain_event_feed.py for why it reads the outbox)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from uuid import UUID

from dishka import AsyncContainer

from souk.application.notifications.deliver_event import DeliverEvent
from souk.application.notifications.doorbell import Doorbell, DoorbellRung
from souk.application.notifications.drain_event_feed import DrainEventFeed
from souk.application.ports.event_bus import EventBus
from souk.application.ports.outbox import OutboxEntry
from souk.application.system.outage import DATABASE, REDIS, DependencyDown
from souk.application.system.outages import Outages

log = logging.getLogger("souk.notifications")


BATCH = 50
# After a ring, wait this long before draining: the triggers of the next 100 ms (chat
# messages ring once each; at 500 messages/s a full ``BATCH``) then cost one claim, one
# presence read and one mark between them instead of one each (at 20 ms, ~0.3 statements
# per chat message went to the consumer). Notifications are not that urgent: a live
# socket is already shown the message; the others get theirs a tenth of a second later.
RING_LINGER_S = 0.1
STOP_GRACE_S = 10.0
MAX_BACKOFF_S = 5.0


class NotificationConsumer:
    """Drains the outbox at start, whenever the doorbell rings (a trigger published by
    this process, or a ``DoorbellRung`` on the bus from a process without a consumer:
    application/notifications/doorbell.py), and every ``poll_s`` whatever the bus says
    (it is at-most-once). A ring is answered after ``RING_LINGER_S``, so a burst of triggers
    is claimed, filtered (``DeliverEvent.nobody_to_tell``: one presence read for the batch),
    delivered (``DeliverEvent.together``: one transaction for the batch) and marked together.

    Stopping lets the event in hand finish (between batches of ``BATCH``) instead of
    cancelling it mid-transaction, so no half-done transaction holds locks after shutdown.

    While the database or Redis is away the loops keep running: the outage is logged once
    (by ``outages``), the batch in hand stops at its first such failure (its events keep
    their leases and come back), and the rounds back off up to ``MAX_BACKOFF_S``."""

    def __init__(self, container: AsyncContainer, poll_s: float = 1.0, outages: Outages | None = None) -> None:
        self._container = container
        self._poll_s = poll_s
        self._outages = outages
        self._wake = asyncio.Event()
        self._stopping = False
        self._drainer: asyncio.Task[None] | None = None
        self._doorbell_task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._stopping = False
        # An Event belongs to the loop that first waits on it: a new one per start, so an
        # app started again on another loop (a test client, then a server) does not fail.
        self._wake = asyncio.Event()
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
        await self._together([entry])

    async def _together(self, entries: Sequence[OutboxEntry]) -> None:
        try:
            async with self._container() as request:
                await (await request.get(DeliverEvent)).together(entries)
        except Exception as exc:
            outage = self._outages.recognise(exc, "notifications") if self._outages is not None else None
            if outage is not None:
                raise DependencyDown(outage) from exc
            raise

    async def _quiet(self, entries: Sequence[OutboxEntry]) -> set[UUID]:
        async with self._container() as request:
            return await (await request.get(DeliverEvent)).nobody_to_tell(entries)

    async def _once(self, drain: DrainEventFeed) -> tuple[int, int]:
        return await drain.once(self._handle, BATCH, self._quiet, self._together)

    async def _drain_loop(self) -> None:
        drain = await self._container.get(DrainEventFeed)
        wait_s = self._poll_s
        while not self._stopping:
            self._wake.clear()
            try:
                while (
                    not self._stopping
                    and (await drain.once(self._handle, BATCH, self._quiet, self._together))[1] == BATCH
                ):
                    pass
            except DependencyDown:  # already recognised (and logged once) in _handle
                wait_s = min(max(MAX_BACKOFF_S, self._poll_s), wait_s * 2)
            except Exception as exc:  # the database away for a moment: the next round retries
                if self._outages is None or self._outages.recognise(exc, "notifications") is None:
                    log.warning("notifications.drain_failed", exc_info=True)
                wait_s = min(max(MAX_BACKOFF_S, self._poll_s), wait_s * 2)
            else:
                wait_s = self._poll_s
                if self._outages is not None:
                    self._outages.succeeded(DATABASE)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait_s)
                if not self._stopping:
                    await asyncio.sleep(RING_LINGER_S)

    async def _doorbell(self) -> None:
        bus = await self._container.get(EventBus)
        bell = await self._container.get(Doorbell)
        bell.listen(self._wake.set)  # this process's own triggers: no bus round trip
        try:
            await self._ring_from_bus(bus)
        finally:
            bell.listen(None)

    async def _ring_from_bus(self, bus: EventBus) -> None:
        while not self._stopping:
            try:
                async with bus.subscribe(DoorbellRung) as deliveries:
                    if self._outages is not None:
                        self._outages.succeeded(REDIS)
                    self._wake.set()  # anything published while unsubscribed
                    async for _ in deliveries:
                        self._wake.set()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # also a cancellation the Redis client turned into an error
                if self._stopping:
                    return
                if self._outages is None or self._outages.recognise(exc, "notification-doorbell") is None:
                    log.warning("notifications.doorbell_lost", exc_info=True)
                await asyncio.sleep(1.0)
