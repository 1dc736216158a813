from __future__ import annotations

from typing import Protocol
from uuid import UUID

from souk.application.ports.user_repository import ProfileCounts
from souk.domain.accounts.user import User


class UserReader(Protocol):
    """Read-only access for queries: no unit of work, no transaction to open or end."""

    async def get(self, user_id: UUID) -> User | None: ...

    async def counts(self, user_id: UUID) -> ProfileCounts: ...
