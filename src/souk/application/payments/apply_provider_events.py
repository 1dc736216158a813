from __future__ import annotations

import logging
from uuid import UUID

from souk.application.payments.payment_mover import WHOLE_INTENT, Fact, PaymentMover
from souk.application.payments.webhook_batches import WebhookBatches
from souk.application.ports.payment_provider import IntentFacts
from souk.application.ports.payment_repository import PaymentRepository

log = logging.getLogger("souk.payments")

ProviderFacts = tuple[str, IntentFacts]  # (provider, what one of its webhooks says about an intent)


class ProviderEventBatches(WebhookBatches[ProviderFacts, bool]):
    """The process's one queue of webhook deliveries (an application-scoped object)."""


class ApplyProviderEvents:
    """Webhooks (already verified by the provider adapter): each fact goes to the payment
    of its intent; an intent Souk does not know (another platform's, or created before its
    payment row committed and then lost) is logged and acknowledged. A cart's intent pays
    several sales: its refund and dispute events (amounts of the whole intent) are logged
    and left — Souk applies its own refunds per sale when it asks for them. Deliveries arriving
    together are applied together (``WebhookBatches``: one read of their payments, one
    database transaction), each answered once its own facts are committed."""

    def __init__(self, payments: PaymentRepository, mover: PaymentMover, batches: ProviderEventBatches) -> None:
        self._payments = payments
        self._mover = mover
        self._batches = batches

    async def __call__(self, provider: str, facts: list[IntentFacts]) -> int:
        applied = await self._batches.run([(provider, fact) for fact in facts], self._apply)
        return sum(applied)

    async def _apply(self, batch: list[ProviderFacts]) -> list[bool]:
        """Whether each fact was about a payment Souk knows (then applied, once)."""
        intents = sorted({fact.intent_id for _, fact in batch})
        known: dict[str | None, UUID] = {}
        rows: dict[str | None, int] = {}
        for payment in sorted(await self._payments.by_intents(intents), key=lambda p: p.transaction_id):
            known.setdefault(payment.intent_id, payment.transaction_id)  # a cart's first sale stands for it
            rows[payment.intent_id] = rows.get(payment.intent_id, 0) + 1
        moves: list[Fact] = []
        for provider, fact in batch:
            transaction_id = known.get(fact.intent_id)
            if transaction_id is None:
                log.info("payment.webhook.unknown_intent provider=%s event=%s", provider, fact.event.event_id)
                continue
            if rows[fact.intent_id] > 1 and fact.event.kind not in WHOLE_INTENT:
                log.info("payment.webhook.cart_event_left provider=%s event=%s", provider, fact.event.event_id)
                continue
            moves.append((transaction_id, provider, fact.event))
        if moves:
            await self._mover.apply_many(moves)
        return [fact.intent_id in known for _, fact in batch]
