"""Payment use cases on the in-memory adapters with a hand-moved clock: a simulated hold
lapses after 7 days (expired, product released), reconciliation is idempotent, and every
step refuses the wrong side or status without writing anything."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from souk.application.catalog.get_product import GetProduct
from souk.application.negotiation.accept_offer import AcceptOffer
from souk.application.negotiation.make_offer import MakeOffer, MakeOfferCommand
from souk.application.payments.cancel_sale import CancelSale
from souk.application.payments.confirm_receipt import ConfirmReceipt
from souk.application.payments.pay_with_test_card import PayWithTestCard
from souk.application.payments.reconcile_payments import ReconcilePayments
from souk.application.payments.refund_sale import RefundSale
from souk.application.payments.sale_view import ViewSale
from souk.domain.catalog.product import ProductStatus
from souk.domain.negotiation.errors import NotTheBuyer, TransactionNotFound
from souk.domain.negotiation.transaction import TransactionStatus
from souk.domain.payments.errors import CardDeclined, InvalidPaymentTransition, NotTheSellerOrAdmin
from souk.domain.payments.ledger import balances
from souk.domain.shared.money import Money
from tests.negotiation_support import Negotiation, negotiation_container

SWEEP_AFTER = timedelta(minutes=15)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[Negotiation]:
    built = negotiation_container("memory", None, tmp_path)
    yield built
    await built.container.close()


async def accepted(world: Negotiation) -> tuple[object, object, object, object]:
    seller, buyer = await world.user(), await world.user()
    product = await world.product(seller)
    offer = await world.run(MakeOffer, MakeOfferCommand(buyer, product, Money(6000, "EUR")))
    sale = (await world.run(AcceptOffer, offer.id, seller)).transaction
    return seller, buyer, product, sale.id


async def test_a_simulated_hold_lapses_after_seven_days(world: Negotiation) -> None:
    seller, buyer, product, sale = await accepted(world)
    await world.run(PayWithTestCard, sale, buyer)
    world.clock.advance(timedelta(days=6))
    assert await world.run(ReconcilePayments, SWEEP_AFTER) == 0
    world.clock.advance(timedelta(days=1, minutes=1))
    assert await world.run(ReconcilePayments, SWEEP_AFTER) == 1
    assert await world.run(ReconcilePayments, SWEEP_AFTER) == 0  # nothing left, nothing twice
    view = await world.run(ViewSale, sale, buyer)
    assert view.sale.status is TransactionStatus.EXPIRED
    assert balances(list(view.movements))
    assert (await world.run(GetProduct, product, seller)).product.status is ProductStatus.AVAILABLE
    with pytest.raises(InvalidPaymentTransition):
        await world.run(ConfirmReceipt, sale, buyer)


async def test_an_authorised_sale_is_captured_automatically_after_n_days(world: Negotiation) -> None:
    seller, buyer, product, sale = await accepted(world)
    await world.run(PayWithTestCard, sale, buyer)
    world.clock.advance(timedelta(days=4))
    assert await world.run(ReconcilePayments, SWEEP_AFTER, 100, timedelta(days=5)) == 0
    world.clock.advance(timedelta(days=1))
    assert await world.run(ReconcilePayments, SWEEP_AFTER, 100, timedelta(days=5)) == 1
    view = await world.run(ViewSale, sale, seller)
    assert view.sale.status is TransactionStatus.COMPLETED
    assert (await world.run(GetProduct, product, seller)).product.status is ProductStatus.SOLD
    world.clock.advance(timedelta(days=3))  # past the hold's 7 days: captured, nothing lapses
    assert await world.run(ReconcilePayments, SWEEP_AFTER, 100, timedelta(days=5)) == 0


async def test_wrong_sides_and_statuses_write_nothing(world: Negotiation) -> None:
    seller, buyer, _, sale = await accepted(world)
    stranger = await world.user()
    for kind, by in ((PayWithTestCard, seller), (ConfirmReceipt, seller)):
        with pytest.raises(NotTheBuyer):
            await world.run(kind, sale, by)
    for kind in (PayWithTestCard, CancelSale, ConfirmReceipt, RefundSale, ViewSale):
        with pytest.raises(TransactionNotFound):
            await world.run(kind, sale, stranger)
    with pytest.raises(CardDeclined):
        await world.run(PayWithTestCard, sale, buyer, "4000000000000002")
    with pytest.raises(InvalidPaymentTransition):
        await world.run(RefundSale, sale, seller)  # nothing captured yet
    await world.run(PayWithTestCard, sale, buyer)
    with pytest.raises(NotTheSellerOrAdmin):
        await world.run(RefundSale, sale, buyer)
    view = await world.run(ViewSale, sale, seller)
    assert view.sale.status is TransactionStatus.AUTHORIZED
    assert [e.kind.value for e in view.movements] == ["hold"]
