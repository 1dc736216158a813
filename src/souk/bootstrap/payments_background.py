"""The payments sweep every server process runs (each event applies once, so parallel
sweeps are safe): re-reads card payments a webhook may have missed."""

from __future__ import annotations

from datetime import timedelta

from dishka import AsyncContainer

from souk.application.payments.reconcile_payments import ReconcilePayments
from souk.application.system.outage import DATABASE
from souk.bootstrap.background import Periodic
from souk.bootstrap.settings import Settings


def payments_sweeper(container: AsyncContainer, settings: Settings, every_s: float = 60.0) -> Periodic:
    after = timedelta(seconds=settings.payments_reconcile_after_s)
    capture_after = timedelta(days=settings.payments_auto_capture_days)

    async def sweep() -> None:
        async with container() as request:
            await (await request.get(ReconcilePayments))(after, capture_after=capture_after)

    return Periodic("payments-sweeper", every_s, sweep, proves=(DATABASE,))
