"""What the admin API's direct staff actions (outside a report) share: each checks the
caller is staff, states a reason, acts through ``Moderation`` (which writes the audit
entry) and commits once."""

from __future__ import annotations

from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.safety.moderation import Moderation
from souk.application.shared.staff import StaffGate
from souk.domain.accounts.user import User
from souk.domain.safety.report import staff_reason


class StaffActionBase:
    def __init__(self, uow: UnitOfWork, gate: StaffGate, moderation: Moderation, events: EventRecorder) -> None:
        self._uow = uow
        self._gate = gate
        self._moderation = moderation
        self._events = events

    async def _begin(self, actor_id: UUID, reason: str) -> tuple[User, str]:
        return await self._gate.require(actor_id), staff_reason(reason)

    async def _done(self) -> None:
        await self._uow.commit()
        await self._events.publish()
