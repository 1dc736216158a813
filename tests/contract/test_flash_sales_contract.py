"""The flash-sale store behaves alike in memory, on SQLite and on PostgreSQL: one not
ended per product and stream (the second is refused by the store), the overdue ones
listed soonest first for the sweep, an ended one no longer current."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from souk.application.ports.flash_sale_repository import FlashSaleRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.shared.money import Money
from souk.domain.streams.flash_sale import FlashSale
from tests.contract.test_room_sales_contract import live_room, stocked
from tests.negotiation_support import Negotiation, negotiation_container

BACKENDS = ["memory", "sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])]


@pytest.fixture(params=BACKENDS)
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Negotiation]:
    settings = None if request.param == "memory" else request.getfixturevalue(f"{request.param}_settings")
    built = negotiation_container(request.param, settings, tmp_path)
    yield built
    await built.container.close()


def flash(stream: UUID, product: UUID, seller: UUID, world: Negotiation, seconds: int) -> FlashSale:
    now = world.clock.now()
    return FlashSale.start(uuid4(), stream, product, seller, Money(900, "EUR"), Money(2000, "EUR"), seconds, now)


async def test_one_running_per_product_and_the_overdue_for_the_sweep(world: Negotiation) -> None:
    seller = await world.user()
    first, second = await stocked(world, seller, 2), await stocked(world, seller, 2)
    stream = await live_room(world, seller, [first, second], [])
    soon, later = flash(stream, first, seller, world, 10), flash(stream, second, seller, world, 60)
    async with world.container() as scope:
        sales, uow = await scope.get(FlashSaleRepository), await scope.get(UnitOfWork)
        assert await sales.add(soon)
        assert await sales.add(later)
        assert not await sales.add(flash(stream, first, seller, world, 30))  # one not ended per product
        await uow.commit()
    async with world.container() as scope:
        sales, uow = await scope.get(FlashSaleRepository), await scope.get(UnitOfWork)
        assert await sales.overdue(world.clock.now(), 10) == []
        current = await sales.current(stream, first)
        assert current is not None
        assert (current.id, current.price, current.ends_at) == (soon.id, soon.price, soon.ends_at)
        assert await sales.current(uuid4(), first) is None
        await uow.rollback()
    world.clock.advance(timedelta(seconds=61))
    async with world.container() as scope:
        sales, uow = await scope.get(FlashSaleRepository), await scope.get(UnitOfWork)
        assert await sales.overdue(world.clock.now(), 10) == [soon.id, later.id]  # soonest first
        assert await sales.overdue(world.clock.now(), 1) == [soon.id]
        locked = await sales.get_for_update(soon.id)
        assert locked is not None
        assert locked.end(world.clock.now())
        await sales.save(locked)
        await uow.commit()
    async with world.container() as scope:
        sales = await scope.get(FlashSaleRepository)
        assert await sales.overdue(world.clock.now(), 10) == [later.id]
        assert await sales.current(stream, first) is None  # ended: another may start
        assert await sales.add(flash(stream, first, seller, world, 30))
        await (await scope.get(UnitOfWork)).commit()
