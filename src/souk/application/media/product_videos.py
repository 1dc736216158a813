"""Where the catalog meets media: which video a seller may attach to a listing, and what
a listing shows of it — media's side of the ``ProductVideos`` port."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from souk.application.media.get_video_job import VideoUrls
from souk.application.ports.blob_store import BlobStore
from souk.application.ports.catalog_reader import VideoPreview
from souk.application.ports.media_repository import MediaRepository
from souk.application.ports.product_videos import ProductVideos
from souk.domain.media.errors import MediaNotFound, MediaNotVideo, VideoNotReady
from souk.domain.media.media import Media
from souk.domain.media.values import MediaKind, MediaStatus


class MediaProductVideos(ProductVideos):
    def __init__(self, media: MediaRepository, blobs: BlobStore) -> None:
        self._media = media
        self._blobs = blobs

    async def require_attachable(self, media_id: UUID, seller_id: UUID) -> None:
        """Only the seller's own video, and only once it is processed and ready to play."""
        found = await self._media.get_many([media_id])
        media = found[0] if found and found[0].owner_id == seller_id else None
        if media is None:
            raise MediaNotFound()
        if media.kind is not MediaKind.VIDEO:
            raise MediaNotVideo()
        if self._preview(media) is None:
            raise VideoNotReady(f"Video {media_id} is {media.status.value}; process it before attaching it.")

    async def previews(self, media_ids: Iterable[UUID]) -> dict[UUID, VideoPreview]:
        wanted = set(media_ids)
        if not wanted:
            return {}
        found = (self._preview(m) for m in await self._media.get_many(wanted))
        return {p.media_id: p for p in found if p is not None}

    def _preview(self, media: Media) -> VideoPreview | None:
        if media.status is not MediaStatus.READY or media.outputs is None or media.metadata is None:
            return None
        urls = VideoUrls.of(media.outputs, self._blobs)
        return VideoPreview(media.id, urls.hls_url, urls.dash_url, urls.thumbnail_url, media.metadata.duration_s)
