from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True, slots=True)
class BlobInfo:
    key: str
    size: int
    content_type: str | None


@dataclass(frozen=True, slots=True)
class UploadTarget:
    """Everything a client needs to upload one file straight to storage."""

    method: str
    url: str
    expires_at: datetime
    fields: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)


class BlobStore(Protocol):
    """Where media bytes live (S3/B2, or a local folder). Keys are ``/``-separated paths."""

    async def upload_target(
        self, key: str, content_type: str, max_bytes: int, key_prefix: str, expires_at: datetime
    ) -> UploadTarget:
        """A signed, expiring upload for exactly ``key``, type ``content_type``, at most ``max_bytes``."""
        ...

    async def head(self, key: str) -> BlobInfo | None: ...

    async def read_prefix(self, key: str, length: int) -> bytes: ...

    async def download(self, key: str, destination: Path) -> None: ...

    async def upload_file(self, key: str, source: Path, content_type: str) -> None: ...

    async def write_stream(self, key: str, chunks: AsyncIterator[bytes], content_type: str) -> int:
        """Store what ``chunks`` yields (the caller enforces limits); returns the size."""
        ...

    def read_range(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        """Bytes ``start``..``end`` inclusive."""
        ...

    async def delete_prefix(self, prefix: str) -> None: ...

    def public_url(self, key: str) -> str: ...
