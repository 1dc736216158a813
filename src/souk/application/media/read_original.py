from __future__ import annotations

from uuid import UUID

from souk.application.media.read_stored_media import StoredSlice, read_slice
from souk.application.ports.blob_store import BlobStore
from souk.application.ports.media_repository import MediaRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.media.errors import MediaNotFound


class ReadOriginal:
    """An upload as it was sent, for its owner only: anyone else, signed in or not, learns
    nothing (404). This is the only way out for an original besides the processing job."""

    def __init__(self, uow: UnitOfWork, media: MediaRepository, blobs: BlobStore) -> None:
        self._uow = uow
        self._media = media
        self._blobs = blobs

    async def __call__(self, owner_id: UUID, media_id: UUID, range_header: str | None) -> StoredSlice:
        media = await self._media.get(media_id)
        await self._uow.rollback()
        if media is None or media.owner_id != owner_id:
            raise MediaNotFound()
        return await read_slice(self._blobs, media.original_key, range_header, media.content_type)
