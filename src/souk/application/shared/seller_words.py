"""Sellers' own banned-words lists as read a moment ago, kept per process: every chat
message to a seller is checked against their list, and a list changes rarely, so reading it
for every message was a round trip per message for nothing.

A kept list is used for ``TTL`` at most. The process that changes a list forgets its copy
at once (``UpdateChatRules``), so the next message through it follows the new list; other
processes follow it within ``TTL`` — the same bound as a list changed while a message was
already on its way."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from souk.application.ports.banned_words_lists import BannedWordsLists
from souk.application.shared.clock import Clock

TTL = timedelta(seconds=5)
MAX_KEPT = 50_000


class SellerWords:
    """APP-scoped: the lists kept, with the time each was read."""

    def __init__(self, clock: Clock, ttl: timedelta = TTL) -> None:
        self._clock = clock
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
