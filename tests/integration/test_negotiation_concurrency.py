"""On PostgreSQL, many processes' worth of concurrent requests: parallel accepts on one
product never make two winners; parallel senders never skip or repeat a sequence number."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from souk.adapters.sql.tables import transactions
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.negotiation.accept_offer import Accepted, AcceptOffer
from souk.application.negotiation.counter_offer import CounterOffer
from souk.application.negotiation.get_messages import GetMessages, MessagesQuery
from souk.application.negotiation.make_offer import MakeOffer, MakeOfferCommand
from souk.application.negotiation.send_message import SendMessage
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.product_reservations import ProductReservations
from souk.bootstrap.settings import Settings
from souk.domain.negotiation.conversation import MessageDraft
from souk.domain.shared.errors import Conflict
from souk.domain.shared.money import Money
from tests.negotiation_support import Negotiation, negotiation_container

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
BUYERS = 8
ROUNDS = 12


@pytest.fixture
async def world(postgres_settings: Settings, tmp_path: Path) -> AsyncIterator[Negotiation]:
    built = negotiation_container("postgres", postgres_settings, tmp_path)
    yield built
    await built.container.close()


async def test_parallel_accepts_have_exactly_one_winner(world: Negotiation) -> None:
    seller = await world.user()
    buyers = [await world.user() for _ in range(BUYERS)]
    for _ in range(ROUNDS):
        product = await world.product(seller, 10_000)
        offers = [
            await world.run(MakeOffer, MakeOfferCommand(b, product, Money(5_000 + i, "EUR")))
            for i, b in enumerate(buyers)
        ]
        for offer in offers:  # hand every buyer the turn, so they all race to accept
            await world.run(CounterOffer, offer.id, seller, Money(9_000, "EUR"))
        results = await asyncio.gather(
            *(world.run(AcceptOffer, o.id, o.buyer_id) for o in offers), return_exceptions=True
        )
        winners = [r for r in results if isinstance(r, Accepted)]
        losers = [r for r in results if not isinstance(r, Accepted)]
        assert len(winners) == 1, results
        assert all(isinstance(r, Conflict) for r in losers), losers
        async with world.container() as request:
            conn = await (await request.get(SqlUnitOfWork)).connection()
            count = await conn.scalar(
                select(func.count()).select_from(transactions).where(transactions.c.product_id == product)
            )
            assert count == 1


async def test_the_reservation_is_a_conditional_update(world: Negotiation) -> None:
    seller, buyer = await world.user(), await world.user()
    product_id = await world.product(seller)
    offer = await world.run(MakeOffer, MakeOfferCommand(buyer, product_id, Money(100, "EUR")))
    await world.run(AcceptOffer, offer.id, seller)
    async with world.container() as request:
        products = await request.get(ProductRepository)
        stale = await products.get(product_id)
        assert stale is not None
        stale.status = type(stale.status)("available")  # as an app that read before the winner committed
        stale.reserve(offer.id, world.clock.now())
        assert await (await request.get(ProductReservations)).reserve(stale) is False


async def test_parallel_senders_get_gapless_sequence_numbers(world: Negotiation) -> None:
    seller, buyer = await world.user(), await world.user()
    product = await world.product(seller)
    offer = await world.run(MakeOffer, MakeOfferCommand(buyer, product, Money(100, "EUR")))
    senders = [buyer, seller] * 15
    sent = await asyncio.gather(
        *(
            world.run(SendMessage, who, offer.conversation_id, MessageDraft.from_user("text", f"m{i}", ()))
            for i, who in enumerate(senders)
        )
    )
    assert sorted(m.seq for m in sent) == list(range(2, 2 + len(senders)))
    page = await world.run(GetMessages, buyer, offer.conversation_id, MessagesQuery(after_seq=0, limit=100))
    assert [m.seq for m in page.items] == list(range(1, 2 + len(senders)))


async def test_parallel_retries_with_one_key_make_one_offer(world: Negotiation) -> None:
    seller, buyer = await world.user(), await world.user()
    product = await world.product(seller)
    command = MakeOfferCommand(buyer, product, Money(700, "EUR"), idempotency_key="tap-tap-tap")
    results = await asyncio.gather(*(world.run(MakeOffer, command) for _ in range(8)))
    assert len({offer.id for offer in results}) == 1


async def test_parallel_offers_by_one_buyer_open_one_negotiation(world: Negotiation) -> None:
    seller, buyer = await world.user(), await world.user()
    product = await world.product(seller)
    results = await asyncio.gather(
        *(world.run(MakeOffer, MakeOfferCommand(buyer, product, Money(500 + i, "EUR"))) for i in range(8)),
        return_exceptions=True,
    )
    made = [r for r in results if not isinstance(r, BaseException)]
    assert len(made) == 1
    assert all(isinstance(r, Conflict) for r in results if isinstance(r, BaseException))
