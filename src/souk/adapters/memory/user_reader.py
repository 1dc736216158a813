from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from souk.adapters.memory.store import InMemoryStore, clone
from souk.application.ports.payout_accounts import PayoutAccount
from souk.application.ports.user_reader import OwnAccount, UserReader
from souk.application.ports.user_repository import ProfileCounts
from souk.domain.accounts.user import User
from souk.domain.media.media import Media


class InMemoryUserReader(UserReader):
    def __init__(self, store: InMemoryStore) -> None:
        self._users: dict[UUID, User] = store.table("users")
        self._counts: dict[UUID, ProfileCounts] = store.table("profile_counts")
        self._payout_accounts: dict[UUID, PayoutAccount] = store.table("payout_accounts")
        self._media: dict[UUID, Media] = store.table("media")

    async def get(self, user_id: UUID) -> User | None:
        user = self._users.get(user_id)
        return clone(user) if user else None

    async def many(self, user_ids: Iterable[UUID]) -> dict[UUID, User]:
        return {user_id: clone(user) for user_id in user_ids if (user := self._users.get(user_id)) is not None}

    async def counts(self, user_id: UUID) -> ProfileCounts:
        return self._counts.get(user_id, ProfileCounts())

    async def own_account(self, user_id: UUID) -> OwnAccount | None:
        user = await self.get(user_id)
        if user is None:
            return None
        avatar = self._media.get(user.avatar_media_id) if user.avatar_media_id else None
        return OwnAccount(user, self._payout_accounts.get(user_id), clone(avatar) if avatar else None)
