from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.media_repository import MediaRepository
from souk.domain.media.media import Media


class InMemoryMediaRepository(MediaRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow

    @property
    def _rows(self) -> dict[UUID, Media]:
        """Looked up each time: a rollback may replace the store's tables."""
        return self._uow.store.table("media")

    async def add(self, media: Media) -> None:
        self._uow.before_write()
        self._rows[media.id] = clone(media)

    async def get(self, media_id: UUID) -> Media | None:
        media = self._rows.get(media_id)
        return clone(media) if media else None

    async def get_many(self, media_ids: Collection[UUID]) -> list[Media]:
        return [clone(self._rows[i]) for i in set(media_ids) if i in self._rows]

    async def save(self, media: Media) -> None:
        self._uow.before_write()
        self._rows[media.id] = clone(media)
