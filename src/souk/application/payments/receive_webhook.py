from __future__ import annotations

import logging
from dataclasses import replace

from souk.application.events import EventRecorder
from souk.application.payments.apply_provider_events import ApplyProviderEvents
from souk.application.ports.payment_webhooks import PaymentWebhooks
from souk.application.ports.payout_accounts import PayoutAccounts
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.payments.events import PayoutsEnabled

log = logging.getLogger("souk.payments")


class ReceiveWebhook:
    """A provider's webhook: verified, then applied (payments exactly once by event id;
    an account's payout state is a plain overwrite, idempotent by nature)."""

    def __init__(
        self,
        uow: UnitOfWork,
        webhooks: PaymentWebhooks,
        apply: ApplyProviderEvents,
        accounts: PayoutAccounts,
        events: EventRecorder,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._webhooks = webhooks
        self._apply = apply
        self._accounts = accounts
        self._events = events
        self._clock = clock

    async def __call__(self, payload: bytes, signature: str | None) -> None:
        news = self._webhooks.read(payload, signature)
        if news.payments:
            await self._apply(news.provider, news.payments)
        for update in news.accounts:
            account = await self._accounts.by_account(update.account_id)
            if account is None:
                log.info("payment.webhook.unknown_account provider=%s", news.provider)
                continue
            if account.payouts_enabled != update.payouts_enabled:
                await self._accounts.put(
                    replace(account, payouts_enabled=update.payouts_enabled, updated_at=self._clock.now())
                )
                if update.payouts_enabled:
                    await self._events.record(PayoutsEnabled(account.user_id))
                await self._uow.commit()
                await self._events.publish()
