from __future__ import annotations

from uuid import UUID

from souk.application.safety.staff_actions import StaffActionBase


class StaffTakeDownStream(StaffActionBase):
    """A live stream ends at once for every viewer; a draft is cancelled."""

    async def __call__(self, actor_id: UUID, stream_id: UUID, reason: str) -> None:
        actor, why = await self._begin(actor_id, reason)
        await self._moderation.take_down_stream(actor, stream_id, why)
        await self._done()
