"""The tip store behaves alike in memory, on SQLite and on PostgreSQL: a tip is marked
captured once (the second mark answers nothing), and only captured tips are summed into a
stream's totals, per currency."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from dishka import AsyncContainer

from souk.application.ports.tip_repository import TipRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.payments.tip import Tip, TipTotal
from souk.domain.shared.money import Money

T0 = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def tip(stream_id: UUID, amount: int, currency: str = "EUR") -> Tip:
    fee = amount * 15 // 100
    return Tip.give(uuid4(), stream_id, uuid4(), uuid4(), Money(amount, currency), Money(fee, currency), T0)


async def test_tips_are_captured_once_and_summed_per_currency(container: AsyncContainer) -> None:
    stream, other = uuid4(), uuid4()
    eur_one, eur_two, jpy, pending, elsewhere = (
        tip(stream, 500),
        tip(stream, 250),
        tip(stream, 1000, "JPY"),
        tip(stream, 9999),
        tip(other, 700),
    )
    async with container() as request:
        tips, uow = await request.get(TipRepository), await request.get(UnitOfWork)
        for t in (eur_one, eur_two, jpy, pending, elsewhere):
            await tips.add(t)
        await uow.commit()
    async with container() as request:
        tips, uow = await request.get(TipRepository), await request.get(UnitOfWork)
        assert await tips.totals(stream) == []  # nothing captured yet
        later = T0 + timedelta(seconds=5)
        for t in (eur_one, eur_two, jpy, elsewhere):
            marked = await tips.mark_captured(t.id, later)
            assert marked is not None
            assert (marked.id, marked.captured_at, marked.amount, marked.fee) == (t.id, later, t.amount, t.fee)
        assert await tips.mark_captured(eur_one.id, later) is None  # once
        assert await tips.mark_captured(uuid4(), later) is None  # no such tip
        await uow.commit()
    async with container() as request:
        tips = await request.get(TipRepository)
        assert await tips.totals(stream) == [TipTotal("EUR", 2, 750), TipTotal("JPY", 1, 1000)]
        assert await tips.totals(other) == [TipTotal("EUR", 1, 700)]
        read = await tips.get(pending.id)
        assert read is not None
        assert (read.captured_at, read.stream_id, read.tipper_id, read.seller_id) == (
            None,
            stream,
            pending.tipper_id,
            pending.seller_id,
        )
        assert await tips.get(uuid4()) is None
