from __future__ import annotations

from typing import Protocol
from uuid import UUID

from souk.application.ports.payout_accounts import PayoutAccount
from souk.application.ports.user_repository import ProfileCounts
from souk.domain.accounts.user import User


class UserReader(Protocol):
    """Read-only access for queries: no unit of work, no transaction to open or end."""

    async def get(self, user_id: UUID) -> User | None: ...

    async def counts(self, user_id: UUID) -> ProfileCounts: ...

    async def own_account(self, user_id: UUID) -> tuple[User, PayoutAccount | None] | None:
        """The user and their payout account (``None``: not onboarded) in one read, for
        ``GET /users/me``; ``None`` when there is no such user."""
        ...
