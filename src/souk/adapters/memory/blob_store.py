from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

from souk.application.ports.blob_store import BlobInfo, BlobStore, UploadTarget
from souk.domain.media.media import is_private


class InMemoryBlobStore(BlobStore):
    """Blobs in a dict; its upload targets are fake ``memory://`` URLs that tests fill with ``put``."""

    def __init__(self) -> None:
        self.blobs: dict[str, tuple[bytes, str]] = {}
        self.targets: dict[str, tuple[str, int, datetime]] = {}

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.blobs[key] = (data, content_type)

    async def upload_target(
        self, key: str, content_type: str, max_bytes: int, key_prefix: str, expires_at: datetime
    ) -> UploadTarget:
        assert key.startswith(key_prefix)
        self.targets[key] = (content_type, max_bytes, expires_at)
        return UploadTarget("PUT", f"memory://{key}", expires_at, headers={"Content-Type": content_type})

    async def head(self, key: str) -> BlobInfo | None:
        blob = self.blobs.get(key)
        return BlobInfo(key, len(blob[0]), blob[1]) if blob else None

    async def read_prefix(self, key: str, length: int) -> bytes:
        return self.blobs[key][0][:length] if key in self.blobs else b""

    async def download(self, key: str, destination: Path) -> None:
        await asyncio.to_thread(destination.write_bytes, self.blobs[key][0])

    async def upload_file(self, key: str, source: Path, content_type: str) -> None:
        self.blobs[key] = (await asyncio.to_thread(source.read_bytes), content_type)

    async def write_stream(self, key: str, chunks: AsyncIterator[bytes], content_type: str) -> int:
        data = bytearray()
        async for chunk in chunks:
            data.extend(chunk)
        self.blobs[key] = (bytes(data), content_type)
        return len(data)

    async def read_range(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        if key in self.blobs:
            yield self.blobs[key][0][start : end + 1]

    async def delete_prefix(self, prefix: str) -> None:
        for key in [k for k in self.blobs if k.startswith(prefix)]:
            del self.blobs[key]

    def public_url(self, key: str) -> str:
        if is_private(key):
            raise ValueError("uploads have no public URL")
        return f"memory://{key}"
