from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from souk.application.ports.archive_links import ArchiveLinks
from souk.application.ports.blob_store import BlobStore
from souk.application.shared.clock import Clock
from souk.domain.privacy.errors import ExportNotFound


@dataclass(frozen=True, slots=True)
class Archive:
    size: int
    chunks: AsyncIterator[bytes]


class DownloadExport:
    """The signed link's answer: the archive it names, while the link lasts."""

    def __init__(self, links: ArchiveLinks, blobs: BlobStore, clock: Clock) -> None:
        self._links = links
        self._blobs = blobs
        self._clock = clock

    async def __call__(self, token: str) -> Archive:
        key = self._links.key_of(token, self._clock.now())
        info = await self._blobs.head(key)
        if info is None or info.size == 0:
            raise ExportNotFound()
        return Archive(info.size, self._blobs.read_range(key, 0, info.size - 1))
