from __future__ import annotations

from uuid import UUID

from souk.application.ports.payout_accounts import PayoutAccount, PayoutAccounts
from souk.application.ports.payout_onboarding import PayoutOnboarding
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock


class StartOnboarding:
    """``POST /payments/onboarding``: the seller's connected account (opened once) and a
    fresh link to the provider's onboarding; ``account.updated`` later turns payouts on."""

    def __init__(self, uow: UnitOfWork, accounts: PayoutAccounts, onboarding: PayoutOnboarding, clock: Clock) -> None:
        self._uow = uow
        self._accounts = accounts
        self._onboarding = onboarding
        self._clock = clock

    async def __call__(self, user_id: UUID, return_url: str) -> str:
        account = await self._accounts.get(user_id)
        if account is None or account.provider != self._onboarding.name:
            await self._uow.rollback()  # hold no connection while the provider answers
            account_id = await self._onboarding.open_account(user_id)
            enabled = self._onboarding.enabled_at_once()
            account = PayoutAccount(user_id, self._onboarding.name, account_id, enabled, self._clock.now())
            await self._accounts.put(account)
            await self._uow.commit()
        return await self._onboarding.onboarding_link(account.account_id, return_url)
