from __future__ import annotations

from uuid import UUID

from souk.application.safety.staff_actions import StaffActionBase


class ReinstateUser(StaffActionBase):
    """Lift a suspension or ban (their sessions stay ended: they log in again)."""

    async def __call__(self, actor_id: UUID, user_id: UUID, reason: str) -> None:
        actor, why = await self._begin(actor_id, reason)
        await self._moderation.reinstate(actor, user_id, why)
        await self._done()
