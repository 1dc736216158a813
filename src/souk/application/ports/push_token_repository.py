from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.domain.notifications.push import PushToken


class PushTokenRepository(Protocol):
    async def register(self, token: PushToken, keep: int, stale_before: datetime) -> None:
        """Upsert (a token moves to the user registering it) and prune the user's tokens:
        those unseen since ``stale_before``, then all but the ``keep`` most recently seen."""
        ...

    async def remove(self, user_id: UUID, token: str) -> bool: ...

    async def for_users(self, user_ids: Sequence[UUID]) -> list[PushToken]: ...

    async def forget(self, tokens: Sequence[str]) -> None:
        """Tokens the push service called invalid: gone for whoever held them."""
        ...
