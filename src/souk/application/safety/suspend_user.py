from __future__ import annotations

from datetime import datetime
from uuid import UUID

from souk.application.ports.suspensions import Suspension
from souk.application.safety.staff_actions import StaffActionBase


class SuspendUser(StaffActionBase):
    """Suspend until a time, or (no ``until``) ban for good."""

    async def __call__(self, actor_id: UUID, user_id: UUID, reason: str, until: datetime | None) -> Suspension:
        actor, why = await self._begin(actor_id, reason)
        suspension = await self._moderation.suspend(actor, user_id, until, why)
        await self._done()
        return suspension
