from __future__ import annotations

import logging
from datetime import datetime, timedelta

from souk.application.payments.payment_mover import PaymentMover
from souk.application.ports.card_simulator import CardSimulator
from souk.application.ports.payment_provider import PaymentProvider
from souk.application.ports.payment_repository import PaymentRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.payments.facts import ProviderEvent
from souk.domain.payments.payment import Payment
from souk.domain.payments.status import PaymentStatus

log = logging.getLogger("souk.payments")

RECONCILE_JOB = "payments.reconcile"
SIMULATED_HOLD = timedelta(days=7)  # what Stripe allows an uncaptured card authorisation


class ReconcilePayments:
    """The sweep for missed webhooks (the ``payments.reconcile`` job, and every server
    process's periodic loop): card payments still pending or authorised and untouched for
    ``after`` are re-read from the provider and what it knows is applied, exactly once like
    any webhook. Authorised sales older than ``capture_after`` are captured (the automatic
    capture after N days). The card simulator has nobody behind it: its holds lapse here
    after 7 days."""

    def __init__(
        self,
        uow: UnitOfWork,
        payments: PaymentRepository,
        provider: PaymentProvider,
        simulator: CardSimulator,
        mover: PaymentMover,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._payments = payments
        self._provider = provider
        self._simulator = simulator
        self._mover = mover
        self._clock = clock

    async def __call__(self, after: timedelta, limit: int = 100, capture_after: timedelta | None = None) -> int:
        """``capture_after``: an authorised sale that old is captured (the buyer never
        confirmed receipt)."""
        now = self._clock.now()
        stuck = await self._payments.stuck(now - after, limit)
        await self._uow.rollback()  # hold no connection while the provider answers
        moved = 0
        for payment in stuck:
            if payment.intent_id is None or payment.provider != self._provider.name:
                continue
            overdue = capture_after is not None and payment.created_at <= now - capture_after
            if overdue and payment.status is PaymentStatus.AUTHORIZED:
                facts = await self._provider.capture(payment.intent_id, f"capture:{payment.transaction_id}")
            else:
                facts = await self._facts(payment, payment.intent_id, now - SIMULATED_HOLD)
            if facts:
                before = payment.status
                moved += (await self._mover.apply(payment.transaction_id, payment.provider, facts)).status is not before
        if moved:
            log.info("payment.reconciled moved=%d", moved)
        return moved

    async def _facts(self, payment: Payment, intent_id: str, lapsed_before: datetime) -> list[ProviderEvent]:
        if payment.provider == "simulated":
            lapsed = payment.status is PaymentStatus.AUTHORIZED and payment.updated_at < lapsed_before
            return await self._simulator.expire(intent_id) if lapsed else []
        return await self._provider.reread(intent_id)
