from __future__ import annotations

from typing import Protocol
from uuid import UUID

from souk.domain.payments.saved_method import SavedMethod


class SavedMethods(Protocol):
    """Buyers' saved cards (one row per setup)."""

    async def add(self, method: SavedMethod) -> None: ...

    async def save(self, method: SavedMethod) -> None: ...

    async def of_user(self, user_id: UUID) -> list[SavedMethod]:
        """Newest first."""
        ...

    async def usable(self, user_id: UUID, provider: str) -> SavedMethod | None:
        """The user's newest ``ready`` method at this provider."""
        ...
