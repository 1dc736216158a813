from __future__ import annotations

import logging
from datetime import timedelta

from souk.application.payments.payment_mover import PaymentMover
from souk.application.ports.payment_provider import PaymentProvider
from souk.application.ports.payment_repository import PaymentRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock

log = logging.getLogger("souk.payments")


class ReconcilePayments:
    """The worker's sweep for missed webhooks: card payments still pending or authorised
    and untouched for ``after`` are re-read from the provider and what it knows is applied
    (exactly once, like any webhook)."""

    def __init__(
        self, uow: UnitOfWork, payments: PaymentRepository, provider: PaymentProvider, mover: PaymentMover, clock: Clock
    ) -> None:
        self._uow = uow
        self._payments = payments
        self._provider = provider
        self._mover = mover
        self._clock = clock

    async def __call__(self, after: timedelta, limit: int = 100) -> int:
        stuck = await self._payments.stuck(self._clock.now() - after, limit)
        await self._uow.rollback()
        moved = 0
        for payment in stuck:
            if payment.intent_id is None or payment.provider != self._provider.name:
                continue
            facts = await self._provider.reread(payment.intent_id)
            if facts:
                before = payment.status
                after_status = (await self._mover.apply(payment.transaction_id, payment.provider, facts)).status
                moved += after_status is not before
        if moved:
            log.info("payment.reconciled moved=%d", moved)
        return moved
