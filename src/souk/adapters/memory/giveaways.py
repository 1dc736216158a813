"""The in-memory twin of the giveaway store."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.giveaway_repository import GiveawayRepository
from souk.domain.streams.giveaway import Giveaway


class InMemoryGiveawayRepository(GiveawayRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[UUID, Giveaway] = uow.store.table("giveaways")
        self._entries: dict[tuple[UUID, UUID], datetime] = uow.store.table("giveaway_entries")

    async def add(self, giveaway: Giveaway) -> None:
        self._uow.before_write()
        self._rows[giveaway.id] = clone(giveaway)

    async def get(self, giveaway_id: UUID) -> Giveaway | None:
        found = self._rows.get(giveaway_id)
        return clone(found) if found else None

    async def get_for_update(self, giveaway_id: UUID) -> Giveaway | None:
        return await self.get(giveaway_id)

    async def get_for_entry(self, giveaway_id: UUID) -> Giveaway | None:
        return await self.get(giveaway_id)

    async def save(self, giveaway: Giveaway) -> None:
        found = self._rows.get(giveaway.id)
        if found is None:
            return
        self._uow.before_write()
        self._rows[giveaway.id] = replace(
            found, ended_at=giveaway.ended_at, winner_id=giveaway.winner_id, entrants=giveaway.entrants
        )

    async def running(self, stream_id: UUID) -> Giveaway | None:
        found = [g for g in self._rows.values() if g.stream_id == stream_id and g.ended_at is None]
        return clone(min(found, key=lambda g: g.started_at)) if found else None

    async def enter(self, giveaway_id: UUID, user_id: UUID, at: datetime) -> bool:
        if (giveaway_id, user_id) in self._entries:
            return False
        self._uow.before_write()
        self._entries[(giveaway_id, user_id)] = at
        return True

    async def entrant_ids(self, giveaway_id: UUID) -> list[UUID]:
        return sorted(user for giveaway, user in self._entries if giveaway == giveaway_id)

    async def due(self, now: datetime, limit: int) -> list[UUID]:
        due = sorted((g.ends_at, g.id) for g in self._rows.values() if g.ended_at is None and g.ends_at <= now)
        return [giveaway_id for _, giveaway_id in due[:limit]]
