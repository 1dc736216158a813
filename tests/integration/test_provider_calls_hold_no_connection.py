"""A remote payment provider (Stripe) answers over the network, in seconds at worst: while
it does, a payment step holds no database connection, or a slow provider would pin one pool
connection per waiting buyer and starve every other request. Capture, cancel and refund,
on both deployments, with a write pool of one connection, through a provider that takes
that connection while it answers (the simulator itself, declared remote): had the step
kept it, the provider would wait out the pool's timeout and fail."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from uuid import UUID

import pytest
from dishka import AnyOf, Provider, Scope
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from souk.adapters.payments.simulated_card_provider import SimulatedCardProvider
from souk.application.negotiation.accept_offer import AcceptOffer
from souk.application.negotiation.make_offer import MakeOffer, MakeOfferCommand
from souk.application.payments.cancel_sale import CancelSale
from souk.application.payments.confirm_receipt import ConfirmReceipt
from souk.application.payments.pay_with_test_card import PayWithTestCard
from souk.application.payments.refund_sale import RefundSale
from souk.application.ports.payment_provider import PaymentProvider
from souk.application.shared.clock import Clock
from souk.domain.payments.facts import ProviderEvent
from souk.domain.shared.money import Money
from tests.negotiation_support import Negotiation, negotiation_container


class RemoteSimulator(SimulatedCardProvider):
    """The simulator, as if across the network: at each call it takes a pooled write
    connection (another request would), recording whether it got one."""

    def __init__(self, clock: Clock, engine: AsyncEngine) -> None:
        super().__init__(clock)
        self._engine = engine
        self.calls: list[str] = []

    @property
    def remote(self) -> bool:
        return True

    async def _note(self, call: str) -> None:
        async with self._engine.connect() as connection:  # TimeoutError if the step kept the only one
            await connection.execute(text("SELECT 1"))
        self.calls.append(call)

    async def capture(self, intent_id: str, reference: str) -> list[ProviderEvent]:
        await self._note("capture")
        return await super().capture(intent_id, reference)

    async def cancel(self, intent_id: str, reference: str) -> list[ProviderEvent]:
        await self._note("cancel")
        return await super().cancel(intent_id, reference)

    async def refund(self, intent_id: str, amount: int, refunded_after: int, reference: str) -> list[ProviderEvent]:
        await self._note("refund")
        return await super().refund(intent_id, amount, refunded_after, reference)


def remote_simulator(clock: Clock, engine: AsyncEngine) -> RemoteSimulator:
    return RemoteSimulator(clock, engine)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])])
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Negotiation]:
    remote = Provider(scope=Scope.APP)
    remote.provide(remote_simulator, provides=AnyOf[RemoteSimulator, PaymentProvider])
    settings = replace(request.getfixturevalue(f"{request.param}_settings"), db_pool_size=1, db_pool_timeout_s=2.0)
    built = negotiation_container(request.param, settings, tmp_path, remote)
    yield built
    await built.container.close()


async def paid_sale(world: Negotiation) -> tuple[UUID, UUID, UUID]:
    seller, buyer = await world.user(), await world.user()
    product = await world.product(seller)
    offer = await world.run(MakeOffer, MakeOfferCommand(buyer, product, Money(6000, "EUR")))
    sale = (await world.run(AcceptOffer, offer.id, seller)).transaction.id
    await world.run(PayWithTestCard, sale, buyer)
    return seller, buyer, sale


async def test_capture_cancel_and_refund_hold_no_connection_while_the_provider_answers(world: Negotiation) -> None:
    spy = await world.get(RemoteSimulator)
    assert await world.get(PaymentProvider) is spy
    seller, buyer, captured = await paid_sale(world)
    await world.run(ConfirmReceipt, captured, buyer)
    await world.run(RefundSale, captured, seller, 1000)
    _, cancelling_buyer, cancelled = await paid_sale(world)
    await world.run(CancelSale, cancelled, cancelling_buyer)
    assert spy.calls == ["capture", "refund", "cancel"]
