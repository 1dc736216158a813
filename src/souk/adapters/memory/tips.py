"""The in-memory twin of the tip store."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.tip_repository import TipRepository
from souk.domain.payments.tip import Tip, TipTotal


class InMemoryTipRepository(TipRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[UUID, Tip] = uow.store.table("stream_tips")

    async def add(self, tip: Tip) -> None:
        self._uow.before_write()
        self._rows[tip.id] = clone(tip)

    async def get(self, tip_id: UUID) -> Tip | None:
        found = self._rows.get(tip_id)
        return clone(found) if found else None

    async def mark_captured(self, tip_id: UUID, at: datetime) -> Tip | None:
        found = self._rows.get(tip_id)
        if found is None or found.captured_at is not None:
            return None
        self._uow.before_write()
        self._rows[tip_id] = replace(found, captured_at=at)
        return clone(self._rows[tip_id])

    async def totals(self, stream_id: UUID) -> list[TipTotal]:
        sums: dict[str, tuple[int, int]] = {}
        for tip in self._rows.values():
            if tip.stream_id == stream_id and tip.captured_at is not None:
                count, amount = sums.get(tip.amount.currency, (0, 0))
                sums[tip.amount.currency] = (count + 1, amount + tip.amount.amount)
        return [TipTotal(currency, count, amount) for currency, (count, amount) in sorted(sums.items())]
