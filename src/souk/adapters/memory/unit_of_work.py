from __future__ import annotations

from typing import Any

from souk.adapters.memory.store import InMemoryStore
from souk.application.ports.unit_of_work import UnitOfWork


class InMemoryUnitOfWork(UnitOfWork):
    """Writes go straight to the store; a snapshot taken before the first write is put back
    on rollback (or when the unit closes uncommitted), so failed use cases leave no trace."""

    def __init__(self, store: InMemoryStore) -> None:
        self.store = store
        self._snapshot: dict[str, dict[Any, Any]] | None = None
        self.commits = 0

    def before_write(self) -> None:
        if self._snapshot is None:
            self._snapshot = self.store.snapshot()

    async def commit(self) -> None:
        self._snapshot = None
        self.commits += 1

    async def rollback(self) -> None:
        if self._snapshot is not None:
            self.store.restore(self._snapshot)
            self._snapshot = None

    async def close(self) -> None:
        await self.rollback()
