"""A batch of provider events over several payments (what concurrent webhooks become) on
every persistence technology: each event applied once — repeats in the batch, and the
whole batch delivered again, change nothing — the sale and its product follow, and an
unknown payment is skipped without failing the others."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from souk.application.catalog.get_product import GetProduct
from souk.application.negotiation.accept_offer import AcceptOffer
from souk.application.negotiation.get_transaction import GetTransaction
from souk.application.negotiation.make_offer import MakeOffer, MakeOfferCommand
from souk.application.payments.payment_mover import Fact, PaymentMover
from souk.application.payments.sale_view import ViewSale
from souk.application.ports.payment_repository import Ledger
from souk.domain.catalog.product import ProductStatus
from souk.domain.negotiation.transaction import TransactionStatus
from souk.domain.payments.facts import ProviderEvent, ProviderEventKind
from souk.domain.payments.ledger import EntryKind
from souk.domain.payments.status import PaymentStatus
from souk.domain.shared.money import Money
from tests.negotiation_support import Negotiation, negotiation_container

BACKENDS = ["memory", "sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])]


@pytest.fixture(params=BACKENDS)
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Negotiation]:
    settings = None if request.param == "memory" else request.getfixturevalue(f"{request.param}_settings")
    built = negotiation_container(request.param, settings, tmp_path)
    yield built
    await built.container.close()


async def card_sale(world: Negotiation) -> tuple[UUID, UUID, UUID]:
    seller, buyer = await world.user(), await world.user()
    product = await world.product(seller)
    offer = await world.run(MakeOffer, MakeOfferCommand(buyer, product, Money(6000, "EUR")))
    sale = (await world.run(AcceptOffer, offer.id, seller)).transaction
    return buyer, product, sale.id


async def test_a_batch_applies_each_event_once_and_the_sales_follow(world: Negotiation) -> None:
    (buyer_a, product_a, sale_a), (buyer_b, product_b, sale_b) = await card_sale(world), await card_sale(world)
    now = world.clock.now()

    def fact(sale: UUID, kind: ProviderEventKind) -> Fact:
        return sale, "simulated", ProviderEvent(f"evt_{sale.hex}_{kind.value}", kind, now)

    batch = [
        fact(sale_a, ProviderEventKind.CAPTURED),  # before its authorisation: any order
        fact(sale_a, ProviderEventKind.AUTHORIZED),
        fact(sale_a, ProviderEventKind.CAPTURED),  # a repeat within the batch
        fact(sale_b, ProviderEventKind.AUTHORIZED),
        (uuid4(), "simulated", ProviderEvent("evt_nobody", ProviderEventKind.AUTHORIZED, now)),
    ]
    for _ in range(2):  # the same batch again (a retried delivery): nothing moves twice
        async with world.container() as request:
            moved = await (await request.get(PaymentMover)).apply_many(batch)
        assert {tid: p.status for tid, p in moved.items()} == {
            sale_a: PaymentStatus.COMPLETED,
            sale_b: PaymentStatus.AUTHORIZED,
        }
    async with world.container() as request:
        ledger = await request.get(Ledger)
        kinds_a = [(e.kind, e.amount) for e in await ledger.entries_of(sale_a)]
        kinds_b = [(e.kind, e.amount) for e in await ledger.entries_of(sale_b)]
    fee = 900  # discover, free seller: 15 %
    assert sorted(kinds_a) == sorted(
        [(EntryKind.CAPTURE, 6000), (EntryKind.FEE, fee), (EntryKind.PAYOUT, 6000 - fee)]
    )  # captured first: the hold was never open
    assert kinds_b == [(EntryKind.HOLD, 6000)]
    assert (await world.run(GetTransaction, sale_a, buyer_a)).status is TransactionStatus.COMPLETED
    assert (await world.run(GetTransaction, sale_b, buyer_b)).status is TransactionStatus.AUTHORIZED
    assert (await world.run(GetProduct, product_a, buyer_a)).product.status is ProductStatus.SOLD
    assert (await world.run(GetProduct, product_b, buyer_b)).product.status is ProductStatus.RESERVED
    seen = await world.run(ViewSale, sale_a, buyer_a)
    assert [m.kind for m in seen.movements] == [k for k, _ in kinds_a]
