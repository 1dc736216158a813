from __future__ import annotations

from souk.application.ports.blob_store import BlobInfo, BlobStore
from souk.domain.media.errors import MediaRejected
from souk.domain.media.media import Media
from souk.domain.media.sniff import SNIFF_BYTES, describe, sniff_content_type
from souk.domain.media.values import FAMILY, LIMITS


async def verify_upload(blobs: BlobStore, media: Media) -> tuple[str, BlobInfo]:
    """What was really stored, checked before any decoder sees it (S3 servers may not enforce
    the upload policy): present, within size, and of an accepted type of the declared family.
    Returns the real content type and the stored object's description."""
    info = await blobs.head(media.original_key)
    if info is None:
        raise MediaRejected("The uploaded file is missing from storage; upload it again.")
    limits = LIMITS[media.kind]
    limit = min(limits.max_bytes, media.declared_size)
    if info.size > limit:
        raise MediaRejected(f"The uploaded file is {info.size} bytes, more than the {limit} bytes allowed.")
    head = await blobs.read_prefix(media.original_key, SNIFF_BYTES)
    real = sniff_content_type(head)
    if real is None or real not in limits.content_types:
        kind = f"an {media.kind.value}" if media.kind.value[0] in "aeiou" else f"a {media.kind.value}"
        raise MediaRejected(f"The uploaded file is not {kind} we accept: its content is {real or describe(head)}.")
    if FAMILY[real] != FAMILY[media.content_type]:
        raise MediaRejected(f"The uploaded file was declared {media.content_type} but is {real}.")
    return real, info
