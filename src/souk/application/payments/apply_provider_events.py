from __future__ import annotations

import logging

from souk.application.payments.payment_mover import PaymentMover
from souk.application.ports.payment_provider import IntentFacts
from souk.application.ports.payment_repository import PaymentRepository

log = logging.getLogger("souk.payments")


class ApplyProviderEvents:
    """Webhooks (already verified by the provider adapter): each fact goes to the payment
    of its intent; an intent Souk does not know (another platform's, or created before its
    payment row committed and then lost) is logged and acknowledged."""

    def __init__(self, payments: PaymentRepository, mover: PaymentMover) -> None:
        self._payments = payments
        self._mover = mover

    async def __call__(self, provider: str, facts: list[IntentFacts]) -> int:
        applied = 0
        for fact in facts:
            payment = await self._payments.by_intent(fact.intent_id)
            if payment is None:
                log.info("payment.webhook.unknown_intent provider=%s event=%s", provider, fact.event.event_id)
                continue
            await self._mover.apply(payment.transaction_id, provider, [fact.event])
            applied += 1
        return applied
