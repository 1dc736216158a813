from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from souk.application.ports.blob_store import BlobStore
from souk.domain.media.errors import MediaNotFound
from souk.domain.media.media import PUBLIC_ROOT
from souk.domain.shared.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class StoredSlice:
    """Bytes ``start``..``end`` (inclusive) of a stored object of ``total`` bytes."""

    content_type: str
    total: int
    start: int
    end: int
    partial: bool
    chunks: AsyncIterator[bytes]


class RangeNotSatisfiable(InvalidInput):
    code = "range_not_satisfiable"
    default_detail = "The requested range lies outside the file."


class ReadStoredMedia:
    """Serve a stored object (the embedded deployment's media folder), honouring one
    ``bytes=`` range as video players ask for."""

    def __init__(self, blobs: BlobStore) -> None:
        self._blobs = blobs

    async def __call__(self, key: str, range_header: str | None) -> StoredSlice:
        if not _servable(key):
            raise MediaNotFound()
        return await read_slice(self._blobs, key, range_header)


async def read_slice(
    blobs: BlobStore, key: str, range_header: str | None, content_type: str | None = None
) -> StoredSlice:
    info = await blobs.head(key)
    if info is None:
        raise MediaNotFound()
    start, end, partial = 0, info.size - 1, False
    if range_header:
        start, end = _parse_range(range_header, info.size)
        partial = True
    content_type = content_type or info.content_type or "application/octet-stream"
    chunks = blobs.read_range(key, start, end) if info.size else _empty()
    return StoredSlice(content_type, info.size, start, end, partial, chunks)


KEY_MAX, PART_MAX = 1024, 255  # S3's key limit; a file name's limit on local disk


def _servable(key: str) -> bool:
    """Public keys this deployment writes: under ``media/``, plain path segments. Anything
    else is absent, not an error of the store: ``.``, ``..``, empty segments, control
    characters, overlong; uploads (``originals/``, and ``media/<owner>/<id>/original.*``
    where releases before originals were private kept them)."""
    parts = key.split("/")
    return (
        len(key) <= KEY_MAX
        and parts[0] == PUBLIC_ROOT
        and len(parts) > 1
        and not (len(parts) == 4 and parts[3].startswith("original."))
        and all(part not in ("", ".", "..") and len(part) <= PART_MAX and part.isprintable() for part in parts)
    )


def _parse_range(header: str, size: int) -> tuple[int, int]:
    unit, _, spec = header.partition("=")
    if unit.strip() != "bytes" or "," in spec:
        raise RangeNotSatisfiable("Only one `bytes=` range is supported.")
    first, _, last = spec.strip().partition("-")
    try:
        if first == "":
            length = int(last)
            start, end = max(0, size - length), size - 1
        else:
            start = int(first)
            end = min(int(last), size - 1) if last else size - 1
    except ValueError:
        raise RangeNotSatisfiable("The range is malformed.") from None
    if start < 0 or start > end or start >= size:
        raise RangeNotSatisfiable(f"The file has {size} bytes.", size=size)
    return start, end


async def _empty() -> AsyncIterator[bytes]:
    return
    yield b""
