from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.domain.streams.auction import Auction


class AuctionRepository(Protocol):
    """Live auctions. Bids are serialised per auction by ``get_for_update`` (a row lock on
    PostgreSQL, the single writer on SQLite, one lock per auction in memory), across
    every server process."""

    async def add(self, auction: Auction) -> None:
        """Raises ``AuctionAlreadyRunning`` when the product has a running auction."""
        ...

    async def get(self, auction_id: UUID) -> Auction | None: ...

    async def get_for_update(self, auction_id: UUID) -> Auction | None:
        """Holds the auction until the transaction ends."""
        ...

    async def save(self, auction: Auction) -> None: ...

    async def due(self, now: datetime, limit: int) -> list[UUID]:
        """Running auctions whose end has passed, oldest end first."""
        ...

    async def unsettled(self, ended_before: datetime, limit: int) -> list[UUID]:
        """Auctions won (ended with a leader) before ``ended_before`` whose sale and charge
        have no outcome yet (a crash or an outage in between)."""
        ...

    async def of_stream(self, stream_id: UUID) -> list[Auction]:
        """The stream's auctions, in the order they started."""
        ...
