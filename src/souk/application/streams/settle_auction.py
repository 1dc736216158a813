from __future__ import annotations

import logging
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.auction_repository import AuctionRepository
from souk.application.ports.off_session_charges import OffSessionCharges
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.streams.open_room_sale import OpenRoomSale, RoomSaleRequest
from souk.domain.negotiation.transaction import SaleSource
from souk.domain.shared.errors import Conflict, Forbidden, NotFound
from souk.domain.shared.money import Money
from souk.domain.streams.auction import Auction
from souk.domain.streams.auction_events import AuctionSettled

log = logging.getLogger("souk.streams.auctions")

SOLD, DECLINED, UNSOLD = "sold", "declined", "unsold"


class SettleAuction:
    """After an auction ended with a winner: the sale opened through ``OpenRoomSale`` (one
    per auction, whoever calls), then the winner's saved card charged once off-session.
    The outcome is recorded on the auction: ``sold``; ``declined`` (the card refused: the
    sale is cancelled and the unit goes back to the stock — the item is released, not
    offered to the runner-up, whose bid was never a promise to pay); ``unsold`` (the sale
    could not open: sold out meanwhile, the stream taken down, a block). Safe to repeat:
    the sweep retries an auction left unsettled (a crash, the provider down). The winner
    hears the outcome (``AuctionSettled``: ``auction_won`` or ``auction_payment_declined``)
    in the transaction that records it, so once."""

    def __init__(
        self,
        uow: UnitOfWork,
        auctions: AuctionRepository,
        open_sale: OpenRoomSale,
        charges: OffSessionCharges,
        events: EventRecorder,
        products: ProductRepository,
    ) -> None:
        self._products = products
        self._uow = uow
        self._auctions = auctions
        self._open_sale = open_sale
        self._charges = charges
        self._events = events

    async def __call__(self, auction_id: UUID) -> str | None:
        auction = await self._auctions.get(auction_id)
        if auction is None or auction.outcome is not None or auction.winner_id is None or auction.current_bid is None:
            await self._uow.rollback()
            return auction.outcome if auction else None
        request = RoomSaleRequest(
            auction.stream_id,
            auction.product_id,
            auction.winner_id,
            auction.current_bid,
            1,
            SaleSource.AUCTION,
            auction.id,
        )
        try:
            sale = await self._open_sale(request)
        except (Conflict, Forbidden, NotFound) as refused:
            await self._uow.rollback()
            log.info("auction.unsold auction=%s code=%s", auction.id, refused.code)
            return await self._record(auction_id, UNSOLD, None)
        await self._uow.commit()
        await self._events.publish()
        paid = await self._charges.charge(sale.id)
        return await self._record(auction_id, SOLD if paid else DECLINED, sale.id)

    async def _record(self, auction_id: UUID, outcome: str, transaction_id: UUID | None) -> str | None:
        auction = await self._auctions.get_for_update(auction_id)
        if auction is None or auction.outcome is not None:
            await self._uow.rollback()
            return auction.outcome if auction else None
        auction.settled(outcome, transaction_id)
        await self._auctions.save(auction)
        winner, price = auction.winner_id, auction.current_bid
        if outcome in (SOLD, DECLINED) and winner is not None and price is not None:
            await self._events.record(await self._news(auction, winner, price))
        await self._uow.commit()
        await self._events.publish()
        log.info("auction.settled auction=%s outcome=%s", auction_id, outcome)
        return outcome

    async def _news(self, auction: Auction, winner_id: UUID, price: Money) -> AuctionSettled:
        product = await self._products.get(auction.product_id)
        return AuctionSettled(
            auction.id,
            auction.stream_id,
            auction.seller_id,
            auction.product_id,
            product.title if product else "",
            winner_id,
            price,
            auction.outcome or "",
            auction.transaction_id,
        )
