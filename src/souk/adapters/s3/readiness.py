from __future__ import annotations

import asyncio

from souk.adapters.s3.blob_store import S3BlobStore
from souk.application.ports.readiness_probe import ReadinessProbe

STORAGE = "storage"


class S3ReadinessProbe(ReadinessProbe):
    """``HeadBucket`` on the media bucket: the endpoint answers and the keys may use it."""

    name = "storage"
    dependency = STORAGE

    def __init__(self, store: S3BlobStore, bucket: str) -> None:
        self._store = store
        self._bucket = bucket

    async def check(self) -> None:
        await asyncio.to_thread(self._store.client.head_bucket, Bucket=self._bucket)
