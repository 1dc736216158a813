from __future__ import annotations

from datetime import datetime
from uuid import UUID

from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.suspensions import Suspension, Suspensions


class InMemorySuspensions(Suspensions):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._suspensions: dict[UUID, Suspension] = uow.store.table("suspensions")

    async def suspend(self, suspension: Suspension) -> None:
        self._uow.before_write()
        self._suspensions[suspension.user_id] = suspension

    async def lift(self, user_id: UUID) -> bool:
        if user_id not in self._suspensions:
            return False
        self._uow.before_write()
        del self._suspensions[user_id]
        return True

    async def of(self, user_id: UUID, now: datetime) -> Suspension | None:
        found = self._suspensions.get(user_id)
        return found if found is not None and _in_force(found, now) else None

    async def in_force(self, now: datetime) -> frozenset[UUID]:
        return frozenset(uid for uid, s in self._suspensions.items() if _in_force(s, now))


def _in_force(suspension: Suspension, now: datetime) -> bool:
    return suspension.until is None or suspension.until > now
