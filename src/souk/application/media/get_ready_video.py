from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.media.get_video_job import VideoUrls
from souk.application.ports.blob_store import BlobStore
from souk.application.ports.media_repository import MediaRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.media.errors import MediaNotFound, MediaNotVideo, VideoNotReady
from souk.domain.media.values import MediaKind, MediaStatus, VideoMetadata


@dataclass(frozen=True, slots=True)
class ReadyVideo:
    media_id: UUID
    owner_id: UUID
    urls: VideoUrls
    metadata: VideoMetadata


class GetReadyVideo:
    """For other features (products' ``video_media_id``): the public URLs of a processed
    video, or ``MediaNotFound``/``MediaNotVideo``/``VideoNotReady``. Callers check ownership
    themselves with ``owner_id`` when it matters to them."""

    def __init__(self, uow: UnitOfWork, media: MediaRepository, blobs: BlobStore) -> None:
        self._uow = uow
        self._media = media
        self._blobs = blobs

    async def __call__(self, media_id: UUID) -> ReadyVideo:
        media = await self._media.get(media_id)
        await self._uow.rollback()
        if media is None:
            raise MediaNotFound()
        if media.kind is not MediaKind.VIDEO:
            raise MediaNotVideo()
        if media.status is not MediaStatus.READY or media.outputs is None or media.metadata is None:
            raise VideoNotReady(f"Video {media_id} is {media.status.value}, not ready.")
        return ReadyVideo(media.id, media.owner_id, VideoUrls.of(media.outputs, self._blobs), media.metadata)
