from __future__ import annotations

from uuid import UUID

from souk.application.payments.payment_mover import PaymentMover
from souk.application.payments.sale_payment import SalePayment, souk_fact
from souk.application.shared.clock import Clock
from souk.domain.payments.errors import NotTheSellerOrAdmin
from souk.domain.payments.facts import ProviderEventKind
from souk.domain.payments.payment import Payment


class ConfirmCash:
    """A cash sale: the seller confirms the money was received; it completes."""

    def __init__(self, sale_payment: SalePayment, mover: PaymentMover, clock: Clock) -> None:
        self._sale_payment = sale_payment
        self._mover = mover
        self._clock = clock

    async def __call__(self, transaction_id: UUID, by: UUID) -> Payment:
        sale, payment = await self._sale_payment(transaction_id, by)
        if by != sale.seller_id:
            raise NotTheSellerOrAdmin("Only the seller confirms that the cash was received.")
        payment.require_cash_receivable()
        received = souk_fact(transaction_id, ProviderEventKind.CAPTURED, self._clock.now())
        return await self._mover.apply(transaction_id, "cash", [received])
