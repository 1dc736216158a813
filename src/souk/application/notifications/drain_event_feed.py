"""The notification consumer: a durable cursor over the outbox.

Why this design. Triggers are outbox events: committed with the change they describe,
published on the bus after the commit, re-published by the sweeper if that failed. The bus
is at-most-once and a process listening to it may be down or not yet started, so the bus
cannot be the consumer's source of truth. Instead the consumer reads the outbox table
itself: each event carries its own consumption mark (``notified_at``) and a lease
(``notify_claimed_until``), like the sweeper's ``claimed_until``. Every server process
runs this drain; a lease (with SKIP LOCKED on PostgreSQL) splits events between them, and
an event whose consumer died is leased again once the lease ends. Events written while no
consumer ran simply wait in the table. The bus is only a doorbell: a published trigger
wakes the drain at once instead of at the next poll.

That makes delivery at-least-once; exactly-once *per notification* comes from the
database: ``notifications`` has a unique key (source event, recipient, type) and inserts
skip conflicts, so an event handled twice — two processes, a retry after a crash between
the insert and the mark — yields each notification once, and only newly inserted rows go
out on sockets. Going live is the one trigger with thousands of recipients: its event only
enqueues a fan-out job keyed by the event id; the job runner then writes the batches."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from uuid import UUID

from souk.application.ports.event_feed import EventFeed
from souk.application.ports.outbox import OutboxEntry
from souk.application.shared.clock import Clock
from souk.application.system.outage import DependencyDown

log = logging.getLogger("souk.notifications")


class DrainEventFeed:
    def __init__(self, feed: EventFeed, clock: Clock) -> None:
        self._feed = feed
        self._clock = clock

    async def __call__(
        self,
        handle: Callable[[OutboxEntry], Awaitable[None]],
        limit: int = 200,
        quiet: Callable[[Sequence[OutboxEntry]], Awaitable[set[UUID]]] | None = None,
        together: Callable[[Sequence[OutboxEntry]], Awaitable[None]] | None = None,
    ) -> int:
        """Handle every claimable event (batch by batch, as ``once``); returns how many were consumed."""
        total = 0
        while True:
            consumed, claimed = await self.once(handle, limit, quiet, together)
            total += consumed
            if claimed < limit:
                return total

    async def once(
        self,
        handle: Callable[[OutboxEntry], Awaitable[None]],
        limit: int = 200,
        quiet: Callable[[Sequence[OutboxEntry]], Awaitable[set[UUID]]] | None = None,
        together: Callable[[Sequence[OutboxEntry]], Awaitable[None]] | None = None,
    ) -> tuple[int, int]:
        """One batch: ``(consumed, claimed)``. An event whose handler fails keeps its lease
        and is retried when the lease ends. A handler raising ``DependencyDown`` ends the
        batch (the rest would fail the same way); it propagates after what was done is marked.

        ``quiet`` (optional) names, for the whole batch at once, the events ``handle`` would
        do nothing for: they are consumed without it. If it fails, every event is handled.
        ``together`` (optional) handles the rest of the batch at once, as ``handle`` would one
        by one (so it must be idempotent too); if it fails, each event is handled alone, so
        one bad event holds back only itself."""
        entries = await self._feed.claim(self._clock.now(), limit)
        claimed = len(entries)
        done: list[UUID] = []
        if quiet is not None and entries:
            try:
                skipped = await quiet(entries)
            except Exception:  # Redis away, say: each handler then meets it and says so
                skipped = set()
            done = [e.id for e in entries if e.id in skipped]
            entries = [e for e in entries if e.id not in skipped]
        if together is not None and len(entries) > 1:
            try:
                await together(entries)
            except DependencyDown:
                await self._consumed(done)
                raise
            except Exception:
                log.warning("notifications.batch_failed size=%d", len(entries), exc_info=True)
            else:
                done.extend(e.id for e in entries)
                entries = []
        for entry in entries:
            try:
                await handle(entry)
            except DependencyDown:
                await self._consumed(done)
                raise
            except Exception:
                log.warning(
                    "notifications.event_failed id=%s topic=%s",
                    entry.id,
                    entry.event.topic if entry.event else None,
                    exc_info=True,
                )
                continue
            done.append(entry.id)
        await self._consumed(done)
        return len(done), claimed

    async def _consumed(self, done: list[UUID]) -> None:
        if done:
            await self._feed.consumed(done, self._clock.now())
