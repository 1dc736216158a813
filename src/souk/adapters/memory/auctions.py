"""The in-memory twin of the auction store. Reads and writes never suspend, so a use case's
read-then-save of one auction runs without another coroutine in between (the in-process
serialisation of bids)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.auction_repository import AuctionRepository
from souk.domain.streams.auction import Auction
from souk.domain.streams.auction_errors import AuctionAlreadyRunning


class InMemoryAuctionRepository(AuctionRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[UUID, Auction] = uow.store.table("stream_auctions")

    async def add(self, auction: Auction) -> None:
        if any(a.product_id == auction.product_id and a.running for a in self._rows.values()):
            raise AuctionAlreadyRunning()
        self._uow.before_write()
        self._rows[auction.id] = clone(auction)

    async def get(self, auction_id: UUID) -> Auction | None:
        found = self._rows.get(auction_id)
        return clone(found) if found else None

    async def get_for_update(self, auction_id: UUID) -> Auction | None:
        return await self.get(auction_id)

    async def save(self, auction: Auction) -> None:
        self._uow.before_write()
        self._rows[auction.id] = clone(auction)

    async def due(self, now: datetime, limit: int) -> list[UUID]:
        overdue = sorted((a.ends_at, a.id) for a in self._rows.values() if a.due(now))
        return [auction_id for _, auction_id in overdue[:limit]]

    async def unsettled(self, ended_before: datetime, limit: int) -> list[UUID]:
        won = sorted(
            (a.ended_at, a.id)
            for a in self._rows.values()
            if a.winner_id is not None and a.outcome is None and a.ended_at is not None and a.ended_at < ended_before
        )
        return [auction_id for _, auction_id in won[:limit]]

    async def of_stream(self, stream_id: UUID) -> list[Auction]:
        mine = [clone(a) for a in self._rows.values() if a.stream_id == stream_id]
        return sorted(mine, key=lambda a: (a.started_at, a.id))
