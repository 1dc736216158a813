from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.profile_counters import ProfileCounters
from souk.application.ports.user_repository import ProfileCounts


class InMemoryProfileCounters(ProfileCounters):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._counts: dict[UUID, ProfileCounts] = uow.store.table("profile_counts")

    async def adjust(self, user_id: UUID, *, listings: int = 0, sold: int = 0) -> None:
        self._uow.before_write()
        bump(self._counts, user_id, listings=listings, sold=sold)


def bump(counts: dict[UUID, ProfileCounts], user_id: UUID, **deltas: int) -> None:
    current = counts.get(user_id, ProfileCounts())
    counts[user_id] = replace(current, **{name: getattr(current, name) + delta for name, delta in deltas.items()})
