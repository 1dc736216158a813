from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from souk.application.ports.blob_store import BlobInfo, BlobStore, UploadTarget
from souk.domain.media.media import is_private

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

CHUNK = 256 * 1024


@dataclass(frozen=True, slots=True)
class S3Config:
    bucket: str
    endpoint_url: str | None = None
    region: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = None
    path_style: bool = False
    public_url: str | None = None
    private_bucket: str | None = None  # uploads (``originals/``); None: the media bucket


class S3BlobStore(BlobStore):
    """Any S3-compatible storage (Backblaze B2 in production) through boto3. Clients upload
    with a presigned POST whose policy pins the key, the content type and the size range;
    boto3 is blocking, so every call runs in a worker thread.

    Uploads (keys under ``originals/``) go to the private bucket when one is configured: only
    Souk's credentials read them. Without one they share the media bucket under keys with a
    random part, which is private only if that bucket allows anonymous reads of ``media/*``
    alone (or no listing): see the README. No public URL is ever made for them."""

    def __init__(self, config: S3Config) -> None:
        self._config = config
        self._client: S3Client = boto3.client(
            "s3",
            endpoint_url=config.endpoint_url,
            region_name=config.region,
            aws_access_key_id=config.access_key_id,
            aws_secret_access_key=config.secret_access_key,
            config=Config(
                signature_version="s3v4",
                s3={"addressing_style": "path" if config.path_style else "auto"},
                connect_timeout=5,
                read_timeout=60,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        )

    @property
    def client(self) -> S3Client:
        return self._client

    async def upload_target(
        self, key: str, content_type: str, max_bytes: int, key_prefix: str, expires_at: datetime
    ) -> UploadTarget:
        seconds = max(1, int((expires_at - datetime.now(expires_at.tzinfo)).total_seconds()))
        post = await asyncio.to_thread(
            self._client.generate_presigned_post,
            Bucket=self._bucket(key),
            Key=key,
            Fields={"Content-Type": content_type},
            Conditions=[
                {"Content-Type": content_type},
                ["content-length-range", 1, max_bytes],
                ["starts-with", "$key", key_prefix],
            ],
            ExpiresIn=seconds,
        )
        return UploadTarget("POST", post["url"], expires_at, fields=dict(post["fields"]))

    async def head(self, key: str) -> BlobInfo | None:
        try:
            answer = await asyncio.to_thread(self._client.head_object, Bucket=self._bucket(key), Key=key)
        except ClientError as exc:
            if _missing(exc):
                return None
            raise
        return BlobInfo(key, int(answer["ContentLength"]), answer.get("ContentType"))

    async def read_prefix(self, key: str, length: int) -> bytes:
        return await asyncio.to_thread(self._get, key, 0, length - 1)

    async def download(self, key: str, destination: Path) -> None:
        await asyncio.to_thread(self._client.download_file, self._bucket(key), key, str(destination))

    async def upload_file(self, key: str, source: Path, content_type: str) -> None:
        await asyncio.to_thread(
            self._client.upload_file, str(source), self._bucket(key), key, ExtraArgs={"ContentType": content_type}
        )

    async def write_stream(self, key: str, chunks: AsyncIterator[bytes], content_type: str) -> int:
        size = 0
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
            async for chunk in chunks:
                size += len(chunk)
                spool.write(chunk)
            spool.seek(0)
            await asyncio.to_thread(
                self._client.upload_fileobj, spool, self._bucket(key), key, ExtraArgs={"ContentType": content_type}
            )
        return size

    async def read_range(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        position = start
        while position <= end:
            last = min(end, position + CHUNK - 1)
            chunk = await asyncio.to_thread(self._get, key, position, last)
            if not chunk:
                return
            position += len(chunk)
            yield chunk

    async def delete_prefix(self, prefix: str) -> None:
        await asyncio.to_thread(self._delete_prefix, prefix)

    def public_url(self, key: str) -> str:
        if is_private(key):
            raise ValueError("uploads have no public URL")
        if self._config.public_url:
            return f"{self._config.public_url.rstrip('/')}/{key}"
        endpoint = (
            self._config.endpoint_url or f"https://s3.{self._config.region or 'us-east-1'}.amazonaws.com"
        ).rstrip("/")
        if self._config.path_style:
            return f"{endpoint}/{self._config.bucket}/{key}"
        scheme, _, host = endpoint.partition("://")
        return f"{scheme}://{self._config.bucket}.{host}/{key}"

    def _bucket(self, key: str) -> str:
        if is_private(key) and self._config.private_bucket:
            return self._config.private_bucket
        return self._config.bucket

    def _get(self, key: str, first: int, last: int) -> bytes:
        try:
            answer = self._client.get_object(Bucket=self._bucket(key), Key=key, Range=f"bytes={first}-{last}")
        except ClientError as exc:
            if _missing(exc) or exc.response.get("Error", {}).get("Code") == "InvalidRange":
                return b""
            raise
        return answer["Body"].read()

    def _delete_prefix(self, prefix: str) -> None:
        paginator = self._client.get_paginator("list_objects_v2")
        bucket = self._bucket(prefix)
        for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
            keys: list[Any] = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if keys:
                self._client.delete_objects(Bucket=bucket, Delete={"Objects": keys})


def _missing(exc: ClientError) -> bool:
    return exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound")
