from __future__ import annotations

from uuid import UUID

from souk.application.payments.payment_mover import PaymentMover
from souk.application.payments.sale_payment import SalePayment, souk_fact
from souk.application.ports.payment_provider import PaymentProvider
from souk.application.shared.clock import Clock
from souk.domain.payments.facts import ProviderEventKind
from souk.domain.payments.payment import Payment


class CancelSale:
    """Either side, before capture: a hold is released at the provider, the product freed."""

    def __init__(self, sale_payment: SalePayment, mover: PaymentMover, provider: PaymentProvider, clock: Clock) -> None:
        self._sale_payment = sale_payment
        self._mover = mover
        self._provider = provider
        self._clock = clock

    async def __call__(self, transaction_id: UUID, by: UUID) -> Payment:
        _, payment = await self._sale_payment(transaction_id, by)
        payment.require_cancellable()
        facts = [souk_fact(transaction_id, ProviderEventKind.CANCELLED, self._clock.now())]
        if payment.intent_id is not None:
            # an unconfirmed intent is cancelled too, so a late card step cannot hold money
            await self._sale_payment.before_calling(self._provider)
            facts += await self._provider.cancel(payment.intent_id, f"cancel:{transaction_id}")
        return await self._mover.apply(transaction_id, payment.provider, facts)
