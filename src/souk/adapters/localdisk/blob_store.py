from __future__ import annotations

import asyncio
import mimetypes
import os
import secrets
import shutil
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path

from souk.application.ports.blob_store import BlobInfo, BlobStore, UploadTarget
from souk.application.ports.upload_signer import UploadGrant, UploadSigner
from souk.domain.media.media import is_private

CHUNK = 256 * 1024
UPLOAD_PATH = "/api/v1/media/uploads/"
FILES_PATH = "/media/files/"
TYPES = {".m3u8": "application/vnd.apple.mpegurl", ".mpd": "application/dash+xml", ".m4s": "video/iso.segment"}


class LocalDiskBlobStore(BlobStore):
    """The embedded deployment's media folder. Uploads go to Souk itself through signed,
    expiring URLs (see ``ReceiveUpload``) and Souk serves the public files back (only keys
    under ``media/``; uploads under ``originals/`` are read by their owner through the API)."""

    def __init__(self, root: Path, signer: UploadSigner, public_base_url: str | Callable[[], str]) -> None:
        """``public_base_url``: how clients reach Souk, fixed or asked at each use (the
        request's own address when ``SOUK_PUBLIC_BASE_URL`` is unset)."""
        self._root = root.resolve()
        self._signer = signer
        self._base_url = public_base_url if callable(public_base_url) else _fixed(public_base_url.rstrip("/"))

    @property
    def _base(self) -> str:
        return self._base_url()

    async def upload_target(
        self, key: str, content_type: str, max_bytes: int, key_prefix: str, expires_at: datetime
    ) -> UploadTarget:
        assert key.startswith(key_prefix)
        token = self._signer.sign(UploadGrant(key, content_type, max_bytes, expires_at))
        return UploadTarget(
            "PUT", f"{self._base}{UPLOAD_PATH}{token}", expires_at, headers={"Content-Type": content_type}
        )

    async def head(self, key: str) -> BlobInfo | None:
        path = self._path(key)
        try:
            stat = await asyncio.to_thread(path.stat)
        except (FileNotFoundError, NotADirectoryError):
            return None
        if not path.is_file():
            return None
        return BlobInfo(key, stat.st_size, _type(key))

    async def read_prefix(self, key: str, length: int) -> bytes:
        return await asyncio.to_thread(_read, self._path(key), 0, length)

    async def download(self, key: str, destination: Path) -> None:
        await asyncio.to_thread(shutil.copyfile, self._path(key), destination)

    async def upload_file(self, key: str, source: Path, content_type: str) -> None:
        path = self._path(key)
        await asyncio.to_thread(_copy_atomically, source, path)

    async def write_stream(self, key: str, chunks: AsyncIterator[bytes], content_type: str) -> int:
        path = self._path(key)
        await asyncio.to_thread(path.parent.mkdir, parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")
        size = 0
        handle = await asyncio.to_thread(partial.open, "wb")
        try:
            async for chunk in chunks:
                size += len(chunk)
                await asyncio.to_thread(handle.write, chunk)
            await asyncio.to_thread(handle.close)
            await asyncio.to_thread(os.replace, partial, path)
        finally:
            handle.close()
            partial.unlink(missing_ok=True)
        return size

    async def read_range(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        path = self._path(key)
        position = start
        while position <= end:
            chunk = await asyncio.to_thread(_read, path, position, min(CHUNK, end - position + 1))
            if not chunk:
                return
            position += len(chunk)
            yield chunk

    async def delete_prefix(self, prefix: str) -> None:
        path = self._path(prefix.rstrip("/"))
        await asyncio.to_thread(shutil.rmtree, path, True)

    def public_url(self, key: str) -> str:
        if is_private(key):
            raise ValueError("uploads have no public URL")
        return f"{self._base}{FILES_PATH}{key}"

    def _path(self, key: str) -> Path:
        parts = key.split("/")
        if not key or any(part in ("", ".", "..") for part in parts):
            raise ValueError(f"invalid storage key {key!r}")
        path = (self._root / key).resolve()
        if not path.is_relative_to(self._root):
            raise ValueError(f"invalid storage key {key!r}")
        return path


def _type(key: str) -> str | None:
    suffix = Path(key).suffix
    return TYPES.get(suffix) or mimetypes.guess_type(key)[0]


def _read(path: Path, offset: int, length: int) -> bytes:
    with path.open("rb") as handle:
        handle.seek(offset)
        return handle.read(length)


def _copy_atomically(source: Path, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")
    try:
        shutil.copyfile(source, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _fixed(url: str) -> Callable[[], str]:
    return lambda: url
