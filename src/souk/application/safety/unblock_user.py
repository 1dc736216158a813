from __future__ import annotations

from uuid import UUID

from souk.application.ports.blocks import Blocks
from souk.application.ports.unit_of_work import UnitOfWork


class UnblockUser:
    """Idempotent; follows removed by the block stay removed."""

    def __init__(self, uow: UnitOfWork, blocks: Blocks) -> None:
        self._uow = uow
        self._blocks = blocks

    async def __call__(self, blocker_id: UUID, blocked_id: UUID) -> None:
        await self._blocks.remove(blocker_id, blocked_id)
        await self._uow.commit()
