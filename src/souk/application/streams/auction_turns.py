"""Bids on one auction take turns inside a process before they touch the database, and
take them together: a bid waits here holding no connection, and whoever gets the turn
applies every bid waiting for that auction, in arrival order, in one transaction (one row
lock, one write, one commit for the lot — group commit). A burst on one auction thus
costs a few round trips per batch instead of per bid, and never fills the pool with
transactions waiting on the row lock. The row lock still orders batches across processes;
in the embedded deployment this is the serialisation."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID


@dataclass(eq=False)
class Waiting:
    """One bid in the queue; ``answer`` resolves with what applying it gave (or its error)."""

    command: Any
    alias: str
    answer: asyncio.Future[Any] = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class AuctionTurns:
    """One queue and one lock per auction, dropped when the auction has no bid waiting."""

    def __init__(self) -> None:
        self._locks: dict[UUID, asyncio.Lock] = {}
        self._queues: dict[UUID, list[Waiting]] = {}
        self._users: dict[UUID, int] = {}

    def join(self, auction_id: UUID, waiting: Waiting) -> asyncio.Lock:
        self._queues.setdefault(auction_id, []).append(waiting)
        self._users[auction_id] = self._users.get(auction_id, 0) + 1
        return self._locks.setdefault(auction_id, asyncio.Lock())

    def take(self, auction_id: UUID) -> list[Waiting]:
        """Every bid still waiting for the auction (the caller's own among them)."""
        return self._queues.pop(auction_id, [])

    def leave(self, auction_id: UUID) -> None:
        left = self._users[auction_id] - 1
        if left:
            self._users[auction_id] = left
        else:
            del self._users[auction_id], self._locks[auction_id]
            self._queues.pop(auction_id, None)
