from __future__ import annotations

from typing import Protocol
from uuid import UUID


class PayoutOnboarding(Protocol):
    """A seller's connected account at the card provider and its onboarding link."""

    @property
    def name(self) -> str: ...

    async def open_account(self, user_id: UUID) -> str:
        """The new account's id (idempotent per user at the provider)."""
        ...

    async def onboarding_link(self, account_id: str, return_url: str) -> str: ...

    def enabled_at_once(self) -> bool:
        """The simulator's accounts need no onboarding: payouts are on from the start."""
        ...
