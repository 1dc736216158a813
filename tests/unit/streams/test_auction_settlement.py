"""An auction's end and settlement on in-memory adapters with a hand-moved clock: the end
comes once (the sweep and a late job find nothing more to do); a win whose charge could
not reach the provider stays unsettled, and the sweep settles it after the grace — one
sale, charged once; an auction without bids sells nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import pytest
from dishka import Provider, Scope, provide

from souk.application.payments.charge_saved_method import ChargeSavedMethod
from souk.application.payments.save_payment_method import SavePaymentMethod
from souk.application.ports.auction_repository import AuctionRepository
from souk.application.ports.off_session_charges import OffSessionCharges
from souk.application.ports.transaction_repository import TransactionRepository
from souk.application.streams.create_stream import CreateStream, NewStream
from souk.application.streams.end_auction import EndAuction
from souk.application.streams.end_due_auctions import SETTLE_GRACE, EndDueAuctions
from souk.application.streams.go_live import GoLive
from souk.application.streams.place_bid import BidCommand, PlaceBid
from souk.application.streams.start_auction import StartAuction, StartAuctionCommand
from souk.application.streams.tag_product import TagCommand, TagProduct
from souk.domain.payments.errors import PaymentProviderUnavailable
from souk.domain.shared.money import Money
from souk.domain.streams.auction import Auction
from souk.domain.streams.stream_product import Tag
from tests.negotiation_support import Negotiation, negotiation_container

OUTAGES = {"left": 0}


class FlakyCharges(ChargeSavedMethod):
    """The provider unreachable for the first ``OUTAGES["left"]`` charges."""

    async def charge(self, transaction_id: UUID) -> bool:
        if OUTAGES["left"]:
            OUTAGES["left"] -= 1
            raise PaymentProviderUnavailable()
        return await super().charge(transaction_id)


class FlakyProvider(Provider):
    scope = Scope.REQUEST
    charges = provide(FlakyCharges, provides=OffSessionCharges)


@pytest.fixture
async def space(tmp_path: Path) -> AsyncIterator[Negotiation]:
    built = negotiation_container("memory", None, tmp_path, FlakyProvider())
    yield built
    await built.container.close()


async def auction_with_a_bid(space: Negotiation, *, bid: bool = True) -> tuple[Auction, UUID]:
    seller, buyer = await space.user(), await space.user()
    product = await space.product(seller)
    stream = await space.run(CreateStream, NewStream(seller, "Auction night", [product]))
    await space.run(GoLive, stream.id, seller)
    await space.run(TagProduct, TagCommand(stream.id, product, seller, Tag(0.5, 0.5, 1)))
    await space.run(SavePaymentMethod, buyer, None)
    start = StartAuctionCommand(stream.id, seller, product, Money(1000, "EUR"), 10)
    auction: Auction = await space.run(StartAuction, start)
    if bid:
        auction = await space.run(PlaceBid, BidCommand(auction.id, buyer, Money(1500, "EUR"), {stream.id}))
    return auction, buyer


async def stored(space: Negotiation, auction_id: UUID) -> Auction:
    async with space.container() as request:
        found = await (await request.get(AuctionRepository)).get(auction_id)
    assert found is not None
    return found


async def sales_of(space: Negotiation, buyer: UUID) -> list[tuple[str, Money]]:
    async with space.container() as request:
        mine = await (await request.get(TransactionRepository)).of_user(buyer, None, 10)
    return [(sale.status.value, sale.price) for sale in mine]


async def test_a_win_left_unsettled_by_an_outage_is_settled_by_the_sweep_once(space: Negotiation) -> None:
    auction, buyer = await auction_with_a_bid(space)
    OUTAGES["left"] = 1
    assert await space.run(EndDueAuctions) == 0  # not due yet
    space.clock.advance(timedelta(seconds=10))
    assert await space.run(EndDueAuctions) == 1
    assert await space.run(EndAuction, auction.id) is False  # a late end job: nothing more
    ended = await stored(space, auction.id)
    assert (ended.winner_id, ended.outcome) == (buyer, None)  # the charge could not reach the provider
    assert await space.run(EndDueAuctions) == 0
    assert (await stored(space, auction.id)).outcome is None  # within the grace: the ender may still be at it
    space.clock.advance(SETTLE_GRACE + timedelta(seconds=1))
    await space.run(EndDueAuctions)
    settled = await stored(space, auction.id)
    assert settled.outcome == "sold"
    assert await sales_of(space, buyer) == [("completed", Money(1500, "EUR"))]
    await space.run(EndDueAuctions)  # again: charged once
    assert await sales_of(space, buyer) == [("completed", Money(1500, "EUR"))]


async def test_an_auction_without_bids_sells_nothing(space: Negotiation) -> None:
    auction, buyer = await auction_with_a_bid(space, bid=False)
    space.clock.advance(timedelta(seconds=10))
    assert await space.run(EndAuction, auction.id) is True
    ended = await stored(space, auction.id)
    assert (ended.winner_id, ended.outcome, ended.transaction_id) == (None, "no_bids", None)
    assert await sales_of(space, buyer) == []
