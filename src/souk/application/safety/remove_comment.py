from __future__ import annotations

from uuid import UUID

from souk.application.safety.staff_actions import StaffActionBase


class RemoveComment(StaffActionBase):
    """Staff delete anyone's comment (with its replies)."""

    async def __call__(self, actor_id: UUID, comment_id: UUID, reason: str) -> None:
        actor, why = await self._begin(actor_id, reason)
        await self._moderation.delete_comment(actor, comment_id, why)
        await self._done()
