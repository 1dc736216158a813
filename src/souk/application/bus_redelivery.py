"""No event lost live across a bus outage: what a subscriber may have missed while its
subscription was down is delivered again, from the outbox, when it subscribes again.

The bus itself is at-most-once (Redis pub/sub keeps nothing for an absent subscriber), but
every event that matters was written to the outbox in its use case's transaction. When a
subscription ends with an error (a Redis restart, a lost connection), the moment is noted
for its set of event classes; the next subscription to the same classes first yields the
outbox entries of those classes created or published since then (less a margin for clock
skew between hosts and for the time the lapse took to be noticed), then the live
deliveries. Everything published while the subscriber was away is in that window; some of
what it did receive is too: subscribers and clients treat a repeat as one (``seq``, ``id``).

Events published without the outbox (process-only announcements such as typing indicators
and delivery receipts, room snapshots) are ephemeral and are not repeated."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

from souk.application.ports.event_bus import EventBus
from souk.application.ports.outbox import OutboxStore
from souk.application.shared.clock import Clock
from souk.domain.shared.events import DomainEvent

log = logging.getLogger("souk.bus")

MARGIN = timedelta(seconds=5)
LIMIT = 10_000  # per resubscription: minutes of a busy deployment's events

Kinds = frozenset[type[DomainEvent]]


class RedeliveringEventBus(EventBus):
    def __init__(self, bus: EventBus, store: OutboxStore, clock: Clock, *, margin: timedelta = MARGIN) -> None:
        self._bus = bus
        self._store = store
        self._clock = clock
        self._margin = margin
        self._lapsed: dict[Kinds, datetime] = {}

    async def publish(self, event: DomainEvent) -> None:
        await self._bus.publish(event)

    def lapsed_since(self, *kinds: type[DomainEvent]) -> datetime | None:
        """When the subscription to ``kinds`` lapsed, while it has not been caught up."""
        return self._lapsed.get(frozenset(kinds))

    @asynccontextmanager
    async def subscribe(self, *kinds: type[DomainEvent]) -> AsyncIterator[AsyncIterator[DomainEvent]]:
        key = frozenset(kinds)
        try:
            async with self._bus.subscribe(*kinds) as live:
                yield self._deliveries(key, kinds, live)
        except Exception:  # the subscription failed or ended with an error: a lapse starts
            self._lapsed.setdefault(key, self._clock.now())
            raise

    async def _deliveries(
        self, key: Kinds, kinds: Sequence[type[DomainEvent]], live: AsyncIterator[DomainEvent]
    ) -> AsyncIterator[DomainEvent]:
        lapsed = self._lapsed.get(key)
        if lapsed is not None:  # subscribed again first, so nothing falls between the two
            for event in await self._missed(kinds, lapsed):
                yield event
            self._lapsed.pop(key, None)
        async for event in live:
            yield event

    async def _missed(self, kinds: Sequence[type[DomainEvent]], lapsed: datetime) -> list[DomainEvent]:
        topics = sorted({kind.topic for kind in kinds})
        try:
            entries = await self._store.published_since(lapsed - self._margin, topics, LIMIT)
        except Exception as exc:  # the database away too: live deliveries go on, at most once
            log.warning("bus.redelivery_failed topics=%s error=%s", ",".join(topics), type(exc).__name__)
            return []
        log.info(
            "bus.redelivered topics=%s count=%d lapse_s=%.1f%s",
            ",".join(topics),
            len(entries),
            (self._clock.now() - lapsed).total_seconds(),
            " truncated=true" if len(entries) == LIMIT else "",
        )
        wanted = tuple(kinds)
        # a row this build cannot read (None) or of a class not asked for is not delivered
        return [e.event for e in entries if isinstance(e.event, wanted)]
