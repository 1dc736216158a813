from __future__ import annotations

from datetime import timedelta

from souk.application.ports.auction_repository import AuctionRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.streams.end_auction import EndAuction
from souk.application.streams.settle_auction import SettleAuction

SETTLE_GRACE = timedelta(seconds=30)  # younger wins are being settled by the process that ended them


class EndDueAuctions:
    """The sweep every server process runs: ends every auction whose end has passed, so
    one whose job was lost (a restart, no worker) still ends on time; and settles the
    wins an earlier attempt left without an outcome (a crash, the provider down)."""

    def __init__(
        self, uow: UnitOfWork, auctions: AuctionRepository, clock: Clock, end_one: EndAuction, settle: SettleAuction
    ) -> None:
        self._uow = uow
        self._auctions = auctions
        self._clock = clock
        self._end_one = end_one
        self._settle = settle

    async def __call__(self, limit: int = 100) -> int:
        due = await self._auctions.due(self._clock.now(), limit)
        await self._uow.rollback()
        ended = 0
        for auction_id in due:
            ended += await self._end_one(auction_id)
        for auction_id in await self._auctions.unsettled(self._clock.now() - SETTLE_GRACE, limit):
            await self._uow.rollback()
            await self._settle(auction_id)
        await self._uow.rollback()
        return ended
