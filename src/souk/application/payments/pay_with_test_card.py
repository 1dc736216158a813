from __future__ import annotations

from uuid import UUID

from souk.application.payments.payment_mover import PaymentMover, SaleMoved
from souk.application.payments.sale_payment import SalePayment
from souk.application.payments.sale_view import SaleView
from souk.application.ports.card_simulator import CardSimulator
from souk.domain.negotiation.errors import NotTheBuyer
from souk.domain.payments.payment import Payment

SUCCEEDS = "4242424242424242"


class PayWithTestCard:
    """The buyer's card step played by the card simulator (embedded deployments)."""

    def __init__(self, sale_payment: SalePayment, mover: PaymentMover, simulator: CardSimulator) -> None:
        self._sale_payment = sale_payment
        self._mover = mover
        self._simulator = simulator

    async def __call__(self, transaction_id: UUID, by: UUID, card: str = SUCCEEDS) -> Payment:
        return (await self._step(transaction_id, by, card)).payment

    async def viewed(self, transaction_id: UUID, by: UUID, card: str = SUCCEEDS) -> SaleView:
        """The step, answered as ``GET /transactions/{id}`` would show the sale after it."""
        moved = await self._step(transaction_id, by, card)
        return SaleView.of(moved.sale, moved.payment, moved.movements, by)

    async def _step(self, transaction_id: UUID, by: UUID, card: str) -> SaleMoved:
        sale, payment = await self._sale_payment(transaction_id, by)
        if by != sale.buyer_id:
            raise NotTheBuyer()
        payment.require_card_step()
        assert payment.intent_id is not None
        facts = await self._simulator.confirm(payment.intent_id, card)
        return await self._mover.apply_to_sale(sale, payment.provider, facts)
