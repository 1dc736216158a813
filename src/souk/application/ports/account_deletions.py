from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.domain.privacy.deletion import DeletionRequest


class AccountDeletions(Protocol):
    async def request(self, user_id: UUID, at: datetime) -> DeletionRequest:
        """Idempotent: a pending request keeps its first time."""
        ...

    async def pending(self, user_id: UUID) -> DeletionRequest | None: ...

    async def cancel(self, user_id: UUID) -> bool:
        """True when a pending request was called off."""
        ...

    async def due(self, now: datetime, limit: int) -> list[UUID]: ...

    async def done(self, user_id: UUID) -> None: ...
