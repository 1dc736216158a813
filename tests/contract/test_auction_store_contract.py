"""Auctions and saved cards behave alike in memory, on SQLite and on PostgreSQL: an
auction comes back as written and as changed by bids and its end; one running auction
per product (a second is ``auction_running``, an ended one does not count); the due and
unsettled queries find exactly what they should; saved cards come back newest first, and
only a ``ready`` card of the provider is usable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from dishka import AsyncContainer

from souk.application.ports.auction_repository import AuctionRepository
from souk.application.ports.saved_methods import SavedMethods
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.payments.saved_method import MethodStatus, SavedMethod
from souk.domain.shared.money import Money
from souk.domain.streams.auction import Auction
from souk.domain.streams.auction_errors import AuctionAlreadyRunning

# Tomorrow, not a fixed instant: the database is shared by the session's tests, and auctions
# left here past their end would be found by the sweeps of servers later tests start.
T0 = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)


def auction(product_id: object = None, duration_s: int = 30, at: datetime = T0) -> Auction:
    return Auction.start(
        uuid4(),
        uuid4(),
        uuid4(),
        product_id or uuid4(),
        Money(1000, "EUR"),
        duration_s,
        False,
        at,  # type: ignore[arg-type]
    )


async def test_an_auction_comes_back_as_bids_and_its_end_changed_it(container: AsyncContainer) -> None:
    first = auction()
    async with container() as request:
        auctions, uow = await request.get(AuctionRepository), await request.get(UnitOfWork)
        await auctions.add(first)
        await uow.commit()
    bidder = uuid4()
    async with container() as request:
        auctions, uow = await request.get(AuctionRepository), await request.get(UnitOfWork)
        locked = await auctions.get_for_update(first.id)
        assert locked == first
        locked.bid(bidder, "ann", Money(1200, "EUR"), T0 + timedelta(seconds=25), extend_window_s=10)
        await auctions.save(locked)
        await uow.commit()
    async with container() as request:
        auctions, uow = await request.get(AuctionRepository), await request.get(UnitOfWork)
        stored = await auctions.get(first.id)
        assert stored is not None
        assert (stored.current_bid, stored.leader_id, stored.leader_alias, stored.bids) == (
            Money(1200, "EUR"), bidder, "ann", 1
        )  # fmt: skip
        assert stored.ends_at == T0 + timedelta(seconds=35)  # extended
        assert await auctions.due(T0 + timedelta(seconds=34), 10) == []
        assert first.id in await auctions.due(T0 + timedelta(seconds=35), 10)
        assert stored.close(T0 + timedelta(seconds=36))
        await auctions.save(stored)
        await uow.commit()
    async with container() as request:
        auctions = await request.get(AuctionRepository)
        assert await auctions.get(first.id) == stored
        assert first.id not in await auctions.due(T0 + timedelta(hours=1), 10)
        assert first.id in await auctions.unsettled(T0 + timedelta(seconds=37), 10)
        assert first.id not in await auctions.unsettled(T0 + timedelta(seconds=36), 10)  # too young
        assert await auctions.of_stream(first.stream_id) == [stored]


async def test_one_running_auction_per_product(container: AsyncContainer) -> None:
    product = uuid4()
    first = auction(product)
    async with container() as request:
        auctions, uow = await request.get(AuctionRepository), await request.get(UnitOfWork)
        await auctions.add(first)
        await uow.commit()
    async with container() as request:
        auctions = await request.get(AuctionRepository)
        with pytest.raises(AuctionAlreadyRunning):
            await auctions.add(auction(product))
    async with container() as request:
        auctions, uow = await request.get(AuctionRepository), await request.get(UnitOfWork)
        ended = await auctions.get_for_update(first.id)
        assert ended is not None
        assert ended.close(T0 + timedelta(minutes=1))
        await auctions.save(ended)
        again = auction(product, at=T0 + timedelta(minutes=2))
        await auctions.add(again)  # an ended auction does not count
        await uow.commit()
    async with container() as request:
        stored = await (await request.get(AuctionRepository)).get(again.id)
        assert stored is not None
        assert stored.running


async def test_saved_cards_newest_first_and_only_ready_ones_usable(container: AsyncContainer) -> None:
    user, other = uuid4(), uuid4()

    def card(at: datetime, status: MethodStatus, provider: str = "simulated", owner: object = user) -> SavedMethod:
        method_id = f"pm_{uuid4().hex}" if status is MethodStatus.READY else None
        last4 = "4242" if method_id else None
        return SavedMethod(uuid4(), owner, provider, f"seti_{uuid4().hex}", "cus_1", status, at, at, method_id, last4)  # type: ignore[arg-type]

    old = card(T0, MethodStatus.READY)
    pending = card(T0 + timedelta(minutes=1), MethodStatus.PENDING)
    elsewhere = card(T0 + timedelta(minutes=2), MethodStatus.READY, provider="stripe")
    async with container() as request:
        methods, uow = await request.get(SavedMethods), await request.get(UnitOfWork)
        for method in (old, pending, elsewhere, card(T0, MethodStatus.READY, owner=other)):
            await methods.add(method)
        await uow.commit()
    async with container() as request:
        methods, uow = await request.get(SavedMethods), await request.get(UnitOfWork)
        assert await methods.of_user(user) == [elsewhere, pending, old]
        assert await methods.usable(user, "simulated") == old
        assert pending.settle(MethodStatus.READY, "pm_new", "0341", T0 + timedelta(minutes=3))
        await methods.save(pending)
        await uow.commit()
    async with container() as request:
        methods = await request.get(SavedMethods)
        assert await methods.usable(user, "simulated") == pending
        assert await methods.usable(user, "stripe") == elsewhere
        assert await methods.usable(uuid4(), "simulated") is None
