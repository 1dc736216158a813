from __future__ import annotations

from uuid import UUID

from souk.application.safety.staff_actions import StaffActionBase


class TakeDownProduct(StaffActionBase):
    """The listing leaves every public read for good (its seller cannot restore it)."""

    async def __call__(self, actor_id: UUID, product_id: UUID, reason: str) -> None:
        actor, why = await self._begin(actor_id, reason)
        await self._moderation.take_down_product(actor, product_id, why)
        await self._done()
