from __future__ import annotations

import logging
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.auction_repository import AuctionRepository
from souk.application.ports.stream_timeline import StreamTimeline
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.streams.auction_ends import AuctionEnds
from souk.application.streams.auction_timeline import ended_entry
from souk.application.streams.settle_auction import SettleAuction
from souk.domain.streams.auction_events import AuctionFinished, AuctionState

log = logging.getLogger("souk.streams.auctions")


class EndAuction:
    """Ends one auction whose time has run out — exactly once, whichever process, job or
    sweep gets there first (the auction is locked and ended only while running and due);
    the room hears ``auction:ended`` with the winner and the timeline records the
    result; then the winner's sale is opened and charged (``SettleAuction``). One not
    yet due (a late bid pushed its end) gets its end job again. ``True`` when this call
    ended it."""

    def __init__(
        self,
        uow: UnitOfWork,
        auctions: AuctionRepository,
        events: EventRecorder,
        ends: AuctionEnds,
        timeline: StreamTimeline,
        settle: SettleAuction,
        clock: Clock,
    ) -> None:
        self._settle = settle
        self._timeline = timeline
        self._uow = uow
        self._auctions = auctions
        self._events = events
        self._ends = ends
        self._clock = clock

    async def __call__(self, auction_id: UUID) -> bool:
        auction = await self._auctions.get_for_update(auction_id)
        if auction is None or not auction.close(self._clock.now()):
            await self._uow.rollback()
            if auction is not None and auction.running:
                await self._ends.schedule(auction)
            return False
        await self._auctions.save(auction)
        await self._events.record(AuctionFinished(AuctionState.of(auction), auction.winner_id))
        await self._timeline.append(ended_entry(auction))
        await self._uow.commit()
        await self._events.publish()
        try:
            await self._settle(auction.id)
        except Exception:  # the provider or the database away: the sweep settles it later
            log.warning("auction.settle_deferred auction=%s", auction.id, exc_info=True)
            await self._uow.rollback()
        return True
