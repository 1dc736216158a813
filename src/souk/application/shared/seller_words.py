"""Sellers' own banned-words lists as read a moment ago, kept per process: every chat
message to a seller is checked against their list, and a list changes rarely, so reading it
for every message was a round trip per message for nothing.

Kept fresh as the room snapshots are (``RoomSnapshots``): the process that changes a list
forgets its copy at once and announces the change on the event bus
(``SellerWordsChanged``), so every other process forgets its copy when the message arrives
(``forget_all`` after a resubscription: what was announced meanwhile is unknown). The bus
is at-most-once, so a kept list is still used for ``TTL`` at most: a lost announcement
costs a minute of the old list, as if the change had come a minute later. At 5 s (before
the announcement) a busy chat re-read every seller's list every 5 s: ~0.4 reads per
message with 1,000 conversations at 500 messages/s."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from uuid import UUID

from souk.application.ports.banned_words_lists import BannedWordsLists
from souk.application.ports.event_bus import EventBus
from souk.application.shared.clock import Clock
from souk.domain.shared.events import DomainEvent
from souk.domain.streams.events import SellerWordsChanged

log = logging.getLogger("souk.streams")

TTL = timedelta(seconds=60)
MAX_KEPT = 50_000
# The events after which a process drops a seller's list.
SELLER_WORDS_EVENTS: tuple[type[DomainEvent], ...] = (SellerWordsChanged,)


class SellerWords:
    """APP-scoped: the lists kept, with the time each was read."""

    def __init__(self, clock: Clock, bus: EventBus | None = None, ttl: timedelta = TTL) -> None:
        self._clock = clock
        self._bus = bus
        self._ttl = ttl
        self._kept: dict[UUID, tuple[datetime, tuple[str, ...]]] = {}

    async def of(self, seller_id: UUID, lists: BannedWordsLists) -> tuple[str, ...]:
        now = self._clock.now()
        kept = self._kept.get(seller_id)
        if kept is not None and now - kept[0] < self._ttl:
            return kept[1]
        words = await lists.banned_words_of(seller_id)
        if kept is None and len(self._kept) >= MAX_KEPT:
            del self._kept[next(iter(self._kept))]  # the oldest read first
        self._kept[seller_id] = (now, words)
        return words

    def forget(self, seller_id: UUID) -> None:
        self._kept.pop(seller_id, None)

    def forget_all(self) -> None:
        """After missing bus messages (a resubscription): no kept list can be trusted."""
        self._kept.clear()

    async def changed(self, seller_id: UUID) -> None:
        """Call after the commit of a new list. This process forgets at once, the others
        when the announcement arrives; a lost one costs at most ``TTL`` of the old list,
        never a failed request."""
        self.forget(seller_id)
        if self._bus is None:
            return
        try:
            await self._bus.publish(SellerWordsChanged(seller_id))
        except Exception:
            log.warning("streams.seller_words_change_not_announced seller=%s", seller_id, exc_info=True)

    def on_event(self, event: DomainEvent) -> None:
        if isinstance(event, SellerWordsChanged):
            self.forget(event.seller_id)
