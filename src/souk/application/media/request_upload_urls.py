from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from souk.application.media.settings import MediaSettings
from souk.application.ports.blob_store import BlobStore, UploadTarget
from souk.application.ports.media_repository import MediaRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids
from souk.domain.media.media import Media, originals_prefix
from souk.domain.media.policy import check_upload_request
from souk.domain.media.values import FileDeclaration, MediaKind


@dataclass(frozen=True, slots=True)
class UploadTicket:
    media_id: UUID
    target: UploadTarget


class RequestUploadUrls:
    """Hand out one signed, expiring upload per declared file, under the owner's private
    prefix, at a key no one can guess (it holds a random part)."""

    def __init__(
        self, uow: UnitOfWork, media: MediaRepository, blobs: BlobStore, clock: Clock, ids: Ids, settings: MediaSettings
    ) -> None:
        self._uow = uow
        self._media = media
        self._blobs = blobs
        self._clock = clock
        self._ids = ids
        self._settings = settings

    async def __call__(self, owner_id: UUID, kind: MediaKind, files: Sequence[FileDeclaration]) -> list[UploadTicket]:
        check_upload_request(kind, files)
        now = self._clock.now()
        expires_at = now + self._settings.upload_url_ttl
        tickets = []
        for file in files:
            media = Media.pending(
                self._ids.new(), owner_id, kind, file.content_type, file.size_bytes, file.filename, now
            )
            await self._media.add(media)
            target = await self._blobs.upload_target(
                media.original_key, file.content_type, file.size_bytes, originals_prefix(owner_id), expires_at
            )
            tickets.append(UploadTicket(media.id, target))
        await self._uow.commit()
        return tickets
