from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from souk.application.ports.payout_accounts import PayoutAccount
from souk.application.ports.user_repository import ProfileCounts
from souk.domain.accounts.user import User
from souk.domain.media.media import Media


@dataclass(frozen=True, slots=True)
class OwnAccount:
    """``GET /users/me``'s read: the user, their payout account (``None``: not onboarded) and
    their avatar's media (``None``: no uploaded avatar, or its media is gone)."""

    user: User
    payout_account: PayoutAccount | None
    avatar: Media | None


class UserReader(Protocol):
    """Read-only access for queries: no unit of work, no transaction to open or end."""

    async def get(self, user_id: UUID) -> User | None: ...

    async def many(self, user_ids: Iterable[UUID]) -> dict[UUID, User]:
        """The users of ``user_ids`` that exist, by id, in one read (a page of cards names
        one user per card)."""
        ...

    async def counts(self, user_id: UUID) -> ProfileCounts: ...

    async def own_account(self, user_id: UUID) -> OwnAccount | None:
        """The user with their payout account and avatar in one read (one statement on SQL);
        ``None`` when there is no such user."""
        ...
