"""Opening sales from a live room behaves alike in memory, on SQLite and on PostgreSQL:
stock is taken by the store's conditional update (never below zero, the last unit makes
the product sold), a cancelled room sale gives its units back, an auction or giveaway
opens one sale however often it is asked, and the room's rules (tagged, not the seller's
own, a shoppable stream) hold."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from souk.application.catalog.create_product import CreateProduct
from souk.application.events import EventRecorder
from souk.application.payments.cancel_sale import CancelSale
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.room_sales import RoomSales
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.streams.create_stream import CreateStream, NewStream
from souk.application.streams.go_live import GoLive
from souk.application.streams.open_room_sale import OpenRoomSale, RoomSaleRequest
from souk.application.streams.tag_product import TagCommand, TagProduct
from souk.domain.catalog.default_categories import category_id
from souk.domain.catalog.errors import SoldOut
from souk.domain.catalog.product import Condition, FeedType, Product, ProductDraft, ProductStatus
from souk.domain.negotiation.transaction import SaleSource, Transaction, TransactionStatus
from souk.domain.shared.money import Money
from souk.domain.streams.room_sale import CannotBuyOwn, InvalidUnits, ProductNotTagged
from souk.domain.streams.stream_product import Tag
from tests.negotiation_support import Negotiation, negotiation_container

BACKENDS = ["memory", "sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])]


@pytest.fixture(params=BACKENDS)
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Negotiation]:
    settings = None if request.param == "memory" else request.getfixturevalue(f"{request.param}_settings")
    built = negotiation_container(request.param, settings, tmp_path)
    yield built
    await built.container.close()


def eur(amount: int) -> Money:
    return Money(amount, "EUR")


async def stocked(world: Negotiation, seller: UUID, quantity: int) -> UUID:
    draft = ProductDraft(
        "Vinyl record", "", eur(2000), category_id("bicycles"), Condition.NEW, FeedType.DISCOVER, quantity=quantity
    )
    return (await world.run(CreateProduct, seller, draft)).product.id  # type: ignore[no-any-return]


async def live_room(world: Negotiation, seller: UUID, tagged: list[UUID], shown: list[UUID]) -> UUID:
    stream = await world.run(CreateStream, NewStream(seller, "Friday drop", [*tagged, *shown]))
    await world.run(GoLive, stream.id, seller)
    for product_id in tagged:
        await world.run(TagProduct, TagCommand(stream.id, product_id, seller, Tag(0.5, 0.5, 1.0)))
    return stream.id  # type: ignore[no-any-return]


async def sell(world: Negotiation, request: RoomSaleRequest) -> Transaction:
    async with world.container() as scope:
        sale = await (await scope.get(OpenRoomSale))(request)
        await (await scope.get(UnitOfWork)).commit()
        await (await scope.get(EventRecorder)).publish()
        return sale


async def product(world: Negotiation, product_id: UUID) -> Product:
    async with world.container() as scope:
        found = await (await scope.get(ProductRepository)).get(product_id)
        assert found is not None
        return found


async def test_stock_is_taken_to_zero_and_given_back_on_cancel(world: Negotiation) -> None:
    seller, ann, bob = await world.user(), await world.user(), await world.user()
    item = await stocked(world, seller, 3)
    stream = await live_room(world, seller, [item], [])

    two = await sell(world, RoomSaleRequest(stream, item, ann, eur(2000), 2, SaleSource.BUY_NOW))
    assert (two.price, two.platform_fee, two.seller_payout) == (eur(4000), eur(600), eur(3400))  # free tier: 15 %
    assert (two.quantity, two.source, two.stream_id, two.offer_id) == (2, SaleSource.BUY_NOW, stream, None)
    assert two.status is TransactionStatus.PENDING
    assert ((await product(world, item)).quantity, (await product(world, item)).status) == (1, ProductStatus.AVAILABLE)

    with pytest.raises(SoldOut):
        await sell(world, RoomSaleRequest(stream, item, bob, eur(2000), 2, SaleSource.BUY_NOW))
    assert (await product(world, item)).quantity == 1  # nothing taken by the refused one

    last = await sell(world, RoomSaleRequest(stream, item, bob, eur(2000), 1, SaleSource.BUY_NOW))
    after = await product(world, item)
    assert (after.quantity, after.status) == (0, ProductStatus.SOLD)
    with pytest.raises(SoldOut):
        await sell(world, RoomSaleRequest(stream, item, ann, eur(2000), 1, SaleSource.BUY_NOW))

    await world.run(CancelSale, last.id, bob)
    back = await product(world, item)
    assert (back.quantity, back.status) == (1, ProductStatus.AVAILABLE)
    await world.run(CancelSale, two.id, ann)
    assert (await product(world, item)).quantity == 3


async def test_an_auction_or_giveaway_opens_one_sale(world: Negotiation) -> None:
    seller, winner = await world.user(), await world.user()
    item = await stocked(world, seller, 5)
    stream = await live_room(world, seller, [item], [])
    auction = uuid4()
    request = RoomSaleRequest(stream, item, winner, eur(3100), 1, SaleSource.AUCTION, auction)
    first, again = await sell(world, request), await sell(world, request)
    assert first.id == again.id
    assert (await product(world, item)).quantity == 4  # taken once
    free = await sell(world, RoomSaleRequest(stream, item, winner, eur(0), 1, SaleSource.GIVEAWAY, auction))
    assert free.id != first.id  # another source, its own sale
    assert (free.price, free.platform_fee) == (eur(0), eur(0))
    async with world.container() as scope:
        found = await (await scope.get(RoomSales)).by_source(SaleSource.AUCTION, auction)
        assert found is not None
        assert found.id == first.id
        assert await (await scope.get(RoomSales)).by_source(SaleSource.AUCTION, uuid4()) is None


async def test_the_store_refuses_a_second_sale_of_one_source(world: Negotiation) -> None:
    seller, winner = await world.user(), await world.user()
    item = await stocked(world, seller, 2)
    stream = await live_room(world, seller, [item], [])
    giveaway = uuid4()
    sale = await sell(world, RoomSaleRequest(stream, item, winner, eur(0), 1, SaleSource.GIVEAWAY, giveaway))
    async with world.container() as scope:
        twin = type(sale)(**{**{f: getattr(sale, f) for f in sale.__slots__}, "id": uuid4()})  # type: ignore[attr-defined]
        assert not await (await scope.get(RoomSales)).add(twin)
        await (await scope.get(UnitOfWork)).rollback()


async def test_room_rules(world: Negotiation) -> None:
    seller, buyer = await world.user(), await world.user()
    item, untagged = await stocked(world, seller, 2), await stocked(world, seller, 2)
    stream = await live_room(world, seller, [item], [untagged])
    with pytest.raises(CannotBuyOwn):
        await sell(world, RoomSaleRequest(stream, item, seller, eur(2000), 1, SaleSource.BUY_NOW))
    with pytest.raises(ProductNotTagged):
        await sell(world, RoomSaleRequest(stream, untagged, buyer, eur(2000), 1, SaleSource.BUY_NOW))
    with pytest.raises(InvalidUnits):
        await sell(world, RoomSaleRequest(stream, item, buyer, eur(2000), 0, SaleSource.BUY_NOW))
    assert (await product(world, item)).quantity == 2
