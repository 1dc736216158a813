from __future__ import annotations

from collections.abc import Collection, Iterable
from uuid import UUID

from souk.application.ports.blob_store import BlobStore
from souk.application.ports.images import Images, ImageVariantView, ImageView
from souk.application.ports.media_repository import MediaRepository
from souk.domain.media.errors import ImageNotReady, MediaNotFound, MediaNotImage
from souk.domain.media.media import Media
from souk.domain.media.values import MediaKind


def image_view(media: Media, blobs: BlobStore) -> ImageView | None:
    """What documents show of ``media``: ``None`` unless it is a processed image."""
    image = media.ready_image
    if image is None:
        return None
    variants = tuple(
        ImageVariantView(v.size, v.format, blobs.public_url(v.key), v.width, v.height) for v in image.variants
    )
    return ImageView(media.id, blobs.public_url(image.main.key), image.width, image.height, variants)


class ReadyImages(Images):
    """``Images`` from the media repository and the blob store's public URLs."""

    def __init__(self, media: MediaRepository, blobs: BlobStore) -> None:
        self._media = media
        self._blobs = blobs

    async def require_usable(self, media_ids: Collection[UUID], owner_id: UUID) -> dict[UUID, ImageView]:
        """Only the owner's own images, each processed: else ``MediaNotFound`` (someone
        else's or no such media), ``MediaNotImage`` or ``ImageNotReady``. Returns their views."""
        found = {m.id: m for m in await self._media.get_many(set(media_ids)) if m.owner_id == owner_id}
        views = {}
        for media_id in media_ids:
            media = found.get(media_id)
            if media is None:
                raise MediaNotFound(f"No image {media_id} of yours.")
            if media.kind is not MediaKind.IMAGE:
                raise MediaNotImage(f"Media {media_id} is a {media.kind.value}, not an image.")
            view = image_view(media, self._blobs)
            if view is None:
                raise ImageNotReady(f"Image {media_id} is {media.status.value}; process it before using it.")
            views[media_id] = view
        return views

    async def views(self, media_ids: Iterable[UUID]) -> dict[UUID, ImageView]:
        wanted = set(media_ids)
        if not wanted:
            return {}
        found = (image_view(m, self._blobs) for m in await self._media.get_many(wanted))
        return {view.media_id: view for view in found if view is not None}

    def view(self, media: Media) -> ImageView | None:
        return image_view(media, self._blobs)
