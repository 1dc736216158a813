from __future__ import annotations

import logging
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.giveaway_repository import GiveawayRepository
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.stream_timeline import StreamTimeline
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.streams.open_room_sale import OpenRoomSale, RoomSaleRequest
from souk.domain.negotiation.transaction import SaleSource
from souk.domain.shared.errors import DomainError
from souk.domain.shared.money import Money
from souk.domain.streams.events import GiveawayEnded
from souk.domain.streams.giveaway import Giveaway
from souk.domain.streams.timeline import TimelineEntry, TimelineKind

log = logging.getLogger("souk.streams")


class CloseGiveaway:
    """Ends a giveaway whose time is up, exactly once whoever gets there first (its job,
    the sweep of any process): the row is locked, an ended giveaway is left alone. The
    winner is drawn from the entrants (``domain.streams.giveaway.draw``), the seed is
    revealed (``giveaway:ended``), the timeline notes it, and the winner is notified. The
    winner's zero-price sale of one unit is opened by ``OpenRoomSale`` in the same
    transaction (once per giveaway: its ``source_id``); when it cannot be (the last unit
    sold meanwhile, a block between them since), the giveaway still ends with its winner,
    without a sale, and the refusal is logged."""

    def __init__(
        self,
        uow: UnitOfWork,
        giveaways: GiveawayRepository,
        products: ProductRepository,
        open_sale: OpenRoomSale,
        timeline: StreamTimeline,
        events: EventRecorder,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._giveaways = giveaways
        self._products = products
        self._open_sale = open_sale
        self._timeline = timeline
        self._events = events
        self._clock = clock

    async def __call__(self, giveaway_id: UUID) -> bool:
        """Whether this call closed it (False: not due yet, already closed, or unknown)."""
        now = self._clock.now()
        giveaway = await self._giveaways.get_for_update(giveaway_id)
        if giveaway is None or not giveaway.is_due(now):
            await self._uow.rollback()
            return False
        winner = giveaway.close(await self._giveaways.entrant_ids(giveaway.id), now)
        await self._giveaways.save(giveaway)
        transaction_id = await self._give(giveaway, winner)
        await self._timeline.append(
            TimelineEntry(
                giveaway.stream_id,
                now,
                TimelineKind.GIVEAWAY_ENDED,
                giveaway.product_id,
                {
                    "giveaway_id": str(giveaway.id),
                    "winner_id": str(winner) if winner else None,
                    "seed": giveaway.seed,
                    "entrants": giveaway.entrants,
                },
            )
        )
        await self._events.record(
            GiveawayEnded(
                giveaway.id,
                giveaway.stream_id,
                giveaway.seller_id,
                giveaway.product_id,
                giveaway.seed_commitment,
                giveaway.seed,
                winner,
                giveaway.entrants,
                transaction_id,
                now,
            )
        )
        await self._uow.commit()
        await self._events.publish()
        return True

    async def _give(self, giveaway: Giveaway, winner: UUID | None) -> UUID | None:
        """The winner's zero-price sale (shipping aside): its id, or None."""
        if winner is None:
            return None
        product = await self._products.get(giveaway.product_id)
        if product is None:  # pragma: no cover - products are archived, never deleted
            return None
        request = RoomSaleRequest(
            giveaway.stream_id,
            giveaway.product_id,
            winner,
            Money(0, product.price.currency),
            1,
            SaleSource.GIVEAWAY,
            giveaway.id,
        )
        try:
            sale = await self._open_sale(request)
        except DomainError as refused:
            log.warning("streams.giveaway_not_given giveaway=%s code=%s", giveaway.id, refused.code)
            return None
        return sale.id
