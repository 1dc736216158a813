"""How use cases raise events: recorded in their transaction, published after commit —
the one place events leave a use case, and it never raises into a committed request."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from souk.application.ports.event_bus import EventBus
from souk.application.ports.outbox import Outbox, OutboxEntry, OutboxStore
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids
from souk.domain.shared.events import DomainEvent

log = logging.getLogger(__name__)


class EventRecorder:
    """Per use case: ``record`` before ``commit`` (same transaction), ``publish`` after.
    If the process dies in between, the sweeper publishes the entries later.

    ``announce`` is for events only live processes care about (a notification to show on
    an open socket): no outbox row, published with the recorded ones after the commit,
    lost if the bus is away — never the only copy of anything."""

    def __init__(self, uow: UnitOfWork, outbox: Outbox, bus: EventBus, clock: Clock, ids: Ids) -> None:
        self._uow = uow
        self._outbox = outbox
        self._bus = bus
        self._clock = clock
        self._ids = ids
        self._pending: list[OutboxEntry] = []
        self._announced: list[DomainEvent] = []

    async def record(self, event: DomainEvent) -> None:
        entry = self.entry(event)
        await self._outbox.add(entry)
        self._pending.append(entry)

    def entry(self, event: DomainEvent) -> OutboxEntry:
        """An outbox entry for ``event``, not stored: for a store that writes it with its change."""
        return OutboxEntry(self._ids.new(), event, self._clock.now())

    def stored(self, entry: OutboxEntry) -> None:
        """``entry`` was written with the change it describes (not through ``record``):
        published after the commit like the recorded ones."""
        self._pending.append(entry)

    def announce(self, event: DomainEvent) -> None:
        self._announced.append(event)

    async def publish(self) -> None:
        """Call after a successful commit. Failures are left to the sweeper, never raised:
        the change itself is already durable."""
        entries, self._pending = self._pending, []
        announced, self._announced = self._announced, []
        if entries:
            try:
                for entry in entries:
                    assert entry.event is not None
                    await self._bus.publish(entry.event)
                await self._outbox.mark_published([e.id for e in entries], self._clock.now())
                await self._uow.commit()
            except Exception:
                log.warning("outbox.publish_deferred count=%d", len(entries), exc_info=True)
        for event in announced:
            try:
                await self._bus.publish(event)
            except Exception:
                log.warning("events.announcement_lost topic=%s", event.topic, exc_info=True)
                return


class SweepOutbox:
    """Publish what commits left unpublished (a crash, a bus outage) — at least once."""

    GRACE = timedelta(seconds=5)  # younger entries are still being published by their use case

    def __init__(self, store: OutboxStore, bus: EventBus, clock: Clock) -> None:
        self._store = store
        self._bus = bus
        self._clock = clock

    async def __call__(self, limit: int = 500) -> int:
        now: datetime = self._clock.now()
        entries = await self._store.claim_unpublished(now, now - self.GRACE, limit)
        for entry in entries:
            if entry.event is not None:  # a row this build cannot read: nothing to tell
                await self._bus.publish(entry.event)
        if entries:
            await self._store.mark_published([e.id for e in entries], self._clock.now())
        return len(entries)


class PruneOutbox:
    """Delete what the outbox is done with: entries published and consumed more than
    ``retention`` ago. Without it the table grows for ever, and every read of it that is not
    on a partial index (redelivery after a bus outage, the pruning itself) grows with it."""

    BATCH = 5_000
    MAX_BATCHES = 20  # per round: a backlog is worked off over the next rounds, in short transactions

    def __init__(self, store: OutboxStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def __call__(self, retention: timedelta) -> int:
        before = self._clock.now() - retention
        total = 0
        for _ in range(self.MAX_BATCHES):
            gone = await self._store.prune(before, self.BATCH)
            total += gone
            if gone < self.BATCH:
                break
        if total:
            log.info("outbox.pruned count=%d", total)
        return total
