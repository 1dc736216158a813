from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.domain.accounts.refresh_token import RefreshToken


class RefreshTokenRepository(Protocol):
    async def add(self, token: RefreshToken) -> None: ...

    async def get_by_hash(self, token_hash: str) -> RefreshToken | None: ...

    async def mark_used(self, token_hash: str, now: datetime) -> RefreshToken | None:
        """Atomically spend a live token (one conditional update); ``None`` if it was not live."""
        ...

    async def revoke_family(self, family_id: UUID, now: datetime) -> int: ...

    async def revoke_all_for_user(self, user_id: UUID, now: datetime, keep: UUID | None = None) -> list[UUID]:
        """Revoke every live token of the user except family ``keep``; the families (sessions) hit."""
        ...

    async def revoked_since(self, since: datetime) -> list[tuple[UUID, datetime]]:
        """``(family, revoked_at)`` of the sessions revoked after ``since`` (the catch-up read)."""
        ...
