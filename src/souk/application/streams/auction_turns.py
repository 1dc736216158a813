"""Bids on one auction take turns inside a process before they touch the database: a bid
waits here holding no connection, so a burst on one auction queues in memory instead of
filling the pool with transactions that wait on the auction's row lock (the row lock still
orders bids across processes; in the embedded deployment this is the serialisation)."""

from __future__ import annotations

import asyncio
from uuid import UUID
from weakref import WeakValueDictionary


class AuctionTurns:
    """One process-wide lock per auction, dropped once no bid holds or waits for it."""

    def __init__(self) -> None:
        self._locks: WeakValueDictionary[UUID, asyncio.Lock] = WeakValueDictionary()

    def of(self, auction_id: UUID) -> asyncio.Lock:
        lock = self._locks.get(auction_id)
        if lock is None:
            lock = self._locks[auction_id] = asyncio.Lock()
        return lock
