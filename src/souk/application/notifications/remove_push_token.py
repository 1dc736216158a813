from __future__ import annotations

from uuid import UUID

from souk.application.ports.push_token_repository import PushTokenRepository
from souk.application.ports.unit_of_work import UnitOfWork


class RemovePushToken:
    """Idempotent (a device logging out twice is fine); only the caller's own token goes."""

    def __init__(self, uow: UnitOfWork, tokens: PushTokenRepository) -> None:
        self._uow = uow
        self._tokens = tokens

    async def __call__(self, user_id: UUID, token: str) -> None:
        await self._tokens.remove(user_id, token)
        await self._uow.commit()
