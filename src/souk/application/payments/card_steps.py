"""What buyers and sellers do to a sale's payment: each asks the domain first, then the
provider, then applies the provider's answer (facts) through the mover."""

from __future__ import annotations

from uuid import UUID

from souk.application.payments.open_payment import OpenPayment
from souk.application.payments.payment_mover import PaymentMover
from souk.application.ports.card_simulator import CardSimulator
from souk.application.ports.payment_provider import PaymentProvider
from souk.application.shared.clock import Clock
from souk.domain.negotiation.errors import NotTheBuyer
from souk.domain.negotiation.transaction import Transaction
from souk.domain.payments.errors import InvalidPaymentTransition, NotTheSellerOrAdmin
from souk.domain.payments.facts import ProviderEvent, ProviderEventKind
from souk.domain.payments.payment import Payment


class PaymentSteps:
    def __init__(
        self,
        opener: OpenPayment,
        mover: PaymentMover,
        provider: PaymentProvider,
        simulator: CardSimulator,
        clock: Clock,
    ) -> None:
        self._opener = opener
        self._mover = mover
        self._provider = provider
        self._simulator = simulator
        self._clock = clock

    async def open(self, transaction_id: UUID, by: UUID) -> tuple[Transaction, Payment]:
        sale, payment = await self._opener(transaction_id, by)
        if payment is None:
            raise InvalidPaymentTransition(f"The transaction is {sale.status.value}.", current_status=sale.status.value)
        return sale, payment

    async def simulate_card(self, transaction_id: UUID, by: UUID, card: str) -> Payment:
        """The buyer's card step on the simulator (``POST /payments/simulator/confirm``)."""
        sale, payment = await self.open(transaction_id, by)
        if by != sale.buyer_id:
            raise NotTheBuyer()
        payment.require_cancellable()  # still pending or authorised
        assert payment.intent_id is not None
        facts = await self._simulator.confirm(payment.intent_id, card)
        return await self._mover.apply(transaction_id, payment.provider, facts)

    async def confirm_receipt(self, transaction_id: UUID, by: UUID) -> Payment:
        """The buyer got the item: the hold is captured and the sale completes."""
        sale, payment = await self.open(transaction_id, by)
        if by != sale.buyer_id:
            raise NotTheBuyer()
        payment.require_capturable()
        assert payment.intent_id is not None
        facts = await self._provider.capture(payment.intent_id, f"capture:{transaction_id}")
        return await self._mover.apply(transaction_id, payment.provider, facts)

    async def confirm_cash(self, transaction_id: UUID, by: UUID) -> Payment:
        sale, payment = await self.open(transaction_id, by)
        if by != sale.seller_id:
            raise NotTheSellerOrAdmin("Only the seller confirms that the cash was received.")
        payment.require_cash_receivable()
        return await self._mover.apply(transaction_id, "cash", [self._own(transaction_id, ProviderEventKind.CAPTURED)])

    async def cancel(self, transaction_id: UUID, by: UUID) -> Payment:
        """Either side, before capture: the hold is released and the product freed."""
        _, payment = await self.open(transaction_id, by)
        payment.require_cancellable()
        if payment.intent_id is not None and payment.facts.authorized:
            facts = await self._provider.cancel(payment.intent_id, f"cancel:{transaction_id}")
        else:  # nothing held at the provider (cash, or the card step never succeeded)
            facts = [self._own(transaction_id, ProviderEventKind.CANCELLED)]
            if payment.intent_id is not None:
                await self._release_quietly(payment.intent_id, transaction_id)
        return await self._mover.apply(transaction_id, payment.provider, facts)

    async def refund(self, transaction_id: UUID, by: UUID, amount: int | None) -> Payment:
        """The seller gives money back after capture: all that is left, or ``amount``."""
        sale, payment = await self.open(transaction_id, by)
        if by != sale.seller_id:
            raise NotTheSellerOrAdmin()
        wanted = amount if amount is not None else payment.price.amount - payment.refunded
        total = payment.require_refundable(wanted)
        assert payment.intent_id is not None
        facts = await self._provider.refund(payment.intent_id, wanted, total, f"refund:{transaction_id}:{total}")
        return await self._mover.apply(transaction_id, payment.provider, facts)

    async def _release_quietly(self, intent_id: str, transaction_id: UUID) -> None:
        """An unconfirmed intent is cancelled too, so a late card step cannot hold money."""
        await self._provider.cancel(intent_id, f"cancel:{transaction_id}")

    def _own(self, transaction_id: UUID, kind: ProviderEventKind) -> ProviderEvent:
        return ProviderEvent(f"souk:{transaction_id}:{kind.value}", kind, self._clock.now())
