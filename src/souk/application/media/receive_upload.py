from __future__ import annotations

from collections.abc import AsyncIterator

from souk.application.ports.blob_store import BlobStore
from souk.application.ports.media_repository import MediaRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.upload_signer import UploadGrant, UploadSigner
from souk.application.shared.clock import Clock
from souk.domain.media.errors import MediaNotFound, UploadTooLarge, UploadTypeMismatch, UploadUrlInvalid
from souk.domain.media.media import media_id_from_key
from souk.domain.media.sniff import SNIFF_BYTES, describe, sniff_content_type
from souk.domain.media.values import FAMILY, MediaStatus


class ReceiveUpload:
    """An upload to a URL Souk signed for itself: size and type are enforced while the
    bytes arrive, so an oversized or mistyped file is cut off, never stored."""

    def __init__(
        self, uow: UnitOfWork, media: MediaRepository, blobs: BlobStore, signer: UploadSigner, clock: Clock
    ) -> None:
        self._uow = uow
        self._media = media
        self._blobs = blobs
        self._signer = signer
        self._clock = clock

    async def __call__(self, token: str, content_type: str | None, chunks: AsyncIterator[bytes]) -> int:
        grant = self._signer.verify(token, self._clock.now())
        sent_type = (content_type or "").split(";")[0].strip().lower()
        if sent_type != grant.content_type:
            raise UploadTypeMismatch(f"This URL accepts {grant.content_type}, not {sent_type or 'no content type'}.")
        media_id = media_id_from_key(grant.key)
        media = await self._media.get(media_id) if media_id else None
        if media is None:
            raise MediaNotFound()
        if media.status not in (MediaStatus.PENDING_UPLOAD, MediaStatus.UPLOADED) or media.original_key != grant.key:
            raise UploadUrlInvalid("This upload URL was already used for a file that is being processed.")
        size = await self._blobs.write_stream(grant.key, _checked(chunks, grant), grant.content_type)
        media.mark_uploaded(size, self._clock.now())
        await self._media.save(media)
        await self._uow.commit()
        return size


async def _checked(chunks: AsyncIterator[bytes], grant: UploadGrant) -> AsyncIterator[bytes]:
    received = 0
    head = b""
    sniffed = False
    async for chunk in chunks:
        received += len(chunk)
        if received > grant.max_bytes:
            raise UploadTooLarge(f"This URL accepts at most {grant.max_bytes} bytes.")
        if not sniffed:
            head += chunk
            if len(head) < SNIFF_BYTES:
                continue
            _check_type(head, grant.content_type)
            sniffed = True
            chunk, head = head, b""
        yield chunk
    if not sniffed:
        if not head:
            raise UploadTypeMismatch("The upload is empty.")
        _check_type(head, grant.content_type)
        yield head


def _check_type(head: bytes, declared: str) -> None:
    real = sniff_content_type(head)
    if real is None or FAMILY[real] != FAMILY[declared]:
        raise UploadTypeMismatch(f"The file was declared {declared} but its content is {real or describe(head)}.")
