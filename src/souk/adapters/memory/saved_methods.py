"""The in-memory twin of the saved payment methods."""

from __future__ import annotations

from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.saved_methods import SavedMethods
from souk.domain.payments.saved_method import SavedMethod


class InMemorySavedMethods(SavedMethods):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[UUID, SavedMethod] = uow.store.table("saved_payment_methods")

    async def add(self, method: SavedMethod) -> None:
        self._uow.before_write()
        self._rows[method.id] = clone(method)

    async def save(self, method: SavedMethod) -> None:
        self._uow.before_write()
        self._rows[method.id] = clone(method)

    async def of_user(self, user_id: UUID) -> list[SavedMethod]:
        mine = [clone(m) for m in self._rows.values() if m.user_id == user_id]
        return sorted(mine, key=lambda m: (m.created_at, m.id), reverse=True)

    async def usable(self, user_id: UUID, provider: str) -> SavedMethod | None:
        return next((m for m in await self.of_user(user_id) if m.provider == provider and m.ready), None)
