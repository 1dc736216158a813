from __future__ import annotations

import logging
from uuid import UUID

from souk.application.payments.payment_mover import WHOLE_INTENT, PaymentMover
from souk.application.ports.payment_provider import IntentFacts
from souk.application.ports.payment_repository import PaymentRepository
from souk.application.ports.transaction_repository import TransactionReader

log = logging.getLogger("souk.payments")


class ApplyProviderEvents:
    """Webhooks (already verified by the provider adapter): each fact goes to the payment
    of its intent; an intent Souk does not know (another platform's, or created before its
    payment row committed and then lost) is logged and acknowledged. A cart's intent pays
    several sales: its refund and dispute events (amounts of the whole intent) are logged
    and left — Souk applies its own refunds per sale when it asks for them."""

    def __init__(self, payments: PaymentRepository, mover: PaymentMover, transactions: TransactionReader) -> None:
        self._transactions = transactions
        self._payments = payments
        self._mover = mover

    async def __call__(self, provider: str, facts: list[IntentFacts]) -> int:
        applied = 0
        for fact in facts:
            payment = await self._payments.by_intent(fact.intent_id)
            if payment is None:
                log.info("payment.webhook.unknown_intent provider=%s event=%s", provider, fact.event.event_id)
                continue
            if fact.event.kind not in WHOLE_INTENT and await self._in_cart(payment.transaction_id):
                log.info("payment.webhook.cart_event_left provider=%s event=%s", provider, fact.event.event_id)
                continue
            await self._mover.apply(payment.transaction_id, provider, [fact.event])
            applied += 1
        return applied

    async def _in_cart(self, transaction_id: UUID) -> bool:
        sale = await self._transactions.get(transaction_id)
        return sale is not None and sale.checkout_id is not None
