from __future__ import annotations

from uuid import UUID

from souk.application.ports.engagement_repository import SaveRepository
from souk.application.ports.unit_of_work import UnitOfWork


class UnsaveProduct:
    """Idempotent: unsaving what is not saved is a no-op."""

    def __init__(self, uow: UnitOfWork, saves: SaveRepository) -> None:
        self._uow = uow
        self._saves = saves

    async def __call__(self, user_id: UUID, product_id: UUID) -> None:
        await self._saves.unsave(user_id, product_id)
        await self._uow.commit()
