from __future__ import annotations

from uuid import UUID

from souk.application.payments.payment_mover import PaymentMover, SaleMoved
from souk.application.payments.sale_payment import SalePayment, souk_fact
from souk.application.payments.sale_view import SaleView
from souk.application.ports.payment_provider import PaymentProvider
from souk.application.shared.clock import Clock
from souk.domain.negotiation.errors import NotTheBuyer
from souk.domain.payments.facts import ProviderEventKind
from souk.domain.payments.payment import FREE, Payment


class ConfirmReceipt:
    """The buyer got the item: the hold is captured and the sale completes."""

    def __init__(self, sale_payment: SalePayment, mover: PaymentMover, provider: PaymentProvider, clock: Clock) -> None:
        self._sale_payment = sale_payment
        self._mover = mover
        self._provider = provider
        self._clock = clock

    async def __call__(self, transaction_id: UUID, by: UUID) -> Payment:
        return (await self._step(transaction_id, by)).payment

    async def viewed(self, transaction_id: UUID, by: UUID) -> SaleView:
        """The step, answered as ``GET /transactions/{id}`` would show the sale after it."""
        moved = await self._step(transaction_id, by)
        return SaleView.of(moved.sale, moved.payment, moved.movements, by)

    async def _step(self, transaction_id: UUID, by: UUID) -> SaleMoved:
        sale, payment = await self._sale_payment(transaction_id, by)
        if by != sale.buyer_id:
            raise NotTheBuyer()
        payment.require_capturable()
        if payment.is_free:  # nothing was held: the sale completes by Souk's own facts
            now = self._clock.now()
            received = [
                souk_fact(transaction_id, kind, now)
                for kind in (ProviderEventKind.AUTHORIZED, ProviderEventKind.CAPTURED)
            ]
            return await self._mover.apply_to_sale(sale, FREE, received)
        assert payment.intent_id is not None
        await self._sale_payment.before_calling(self._provider)
        facts = await self._provider.capture(payment.intent_id, f"capture:{transaction_id}")
        return await self._mover.apply_to_sale(sale, payment.provider, facts)
