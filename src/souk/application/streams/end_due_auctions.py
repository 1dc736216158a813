from __future__ import annotations

from souk.application.ports.auction_repository import AuctionRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.streams.end_auction import EndAuction


class EndDueAuctions:
    """The sweep every server process runs: ends every auction whose end has passed, so
    one whose job was lost (a restart, no worker) still ends on time."""

    def __init__(self, uow: UnitOfWork, auctions: AuctionRepository, clock: Clock, end_one: EndAuction) -> None:
        self._uow = uow
        self._auctions = auctions
        self._clock = clock
        self._end_one = end_one

    async def __call__(self, limit: int = 100) -> int:
        due = await self._auctions.due(self._clock.now(), limit)
        await self._uow.rollback()
        ended = 0
        for auction_id in due:
            ended += await self._end_one(auction_id)
        return ended
