from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True, slots=True)
class PayoutAccount:
    user_id: UUID
    provider: str
    account_id: str  # the seller's connected account at the provider
    payouts_enabled: bool
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class PayoutStatus:
    """What a seller sees of their payouts: ``onboarded`` once a connected account exists,
    ``payouts_enabled`` once the provider says payouts are on."""

    provider: str | None
    onboarded: bool  # has a connected account
    payouts_enabled: bool

    @classmethod
    def of(cls, account: PayoutAccount | None) -> PayoutStatus:
        if account is None:
            return cls(None, False, False)
        return cls(account.provider, True, account.payouts_enabled)


class PayoutAccounts(Protocol):
    async def get(self, user_id: UUID) -> PayoutAccount | None: ...

    async def by_account(self, account_id: str) -> PayoutAccount | None: ...

    async def put(self, account: PayoutAccount) -> None: ...
