from __future__ import annotations

from uuid import UUID

from souk.application.payments.payment_mover import PaymentMover
from souk.application.payments.sale_payment import SalePayment
from souk.application.ports.payment_provider import PaymentProvider
from souk.domain.payments.errors import NotTheSellerOrAdmin
from souk.domain.payments.payment import Payment


class RefundSale:
    """The seller gives money back after capture: all that is left, or ``amount``. The
    product stays sold; the fee gives back its share."""

    def __init__(self, sale_payment: SalePayment, mover: PaymentMover, provider: PaymentProvider) -> None:
        self._sale_payment = sale_payment
        self._mover = mover
        self._provider = provider

    async def __call__(self, transaction_id: UUID, by: UUID, amount: int | None = None) -> Payment:
        sale, payment = await self._sale_payment(transaction_id, by)
        if by != sale.seller_id:
            raise NotTheSellerOrAdmin()
        wanted = amount if amount is not None else payment.price.amount - payment.refunded
        total = payment.require_refundable(wanted)
        assert payment.intent_id is not None
        await self._sale_payment.before_calling(self._provider)
        facts = await self._provider.refund(payment.intent_id, wanted, total, f"refund:{transaction_id}:{total}")
        return await self._mover.apply(transaction_id, payment.provider, facts)
