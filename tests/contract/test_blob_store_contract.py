"""One suite, every BlobStore: in-memory, local disk, and S3 (a local moto server)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import boto3
import httpx
import pytest

from souk.adapters.localdisk.blob_store import LocalDiskBlobStore
from souk.adapters.memory.blob_store import InMemoryBlobStore
from souk.adapters.s3.blob_store import S3BlobStore, S3Config
from souk.adapters.security.hmac_upload_signer import HmacUploadSigner
from souk.application.ports.blob_store import BlobStore
from tests.media_support import create_private_bucket, create_public_bucket, s3_keys
from tests.support import unique


def s3_store(endpoint: str) -> S3BlobStore:
    bucket = unique("bucket").replace("_", "-").lower()
    boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    ).create_bucket(Bucket=bucket)
    return S3BlobStore(S3Config(bucket, endpoint, "us-east-1", "k", "s", path_style=True))


@pytest.fixture(params=["memory", "localdisk", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BlobStore]:
    if request.param == "memory":
        yield InMemoryBlobStore()
    elif request.param == "localdisk":
        yield LocalDiskBlobStore(tmp_path / "media", HmacUploadSigner(b"k" * 32), "http://souk.test")
    else:
        yield s3_store(request.getfixturevalue("s3_endpoint"))


async def stream(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


async def collect(chunks: AsyncIterator[bytes]) -> bytes:
    return b"".join([chunk async for chunk in chunks])


KEY = "media/owner/m1/original.mp4"


async def test_missing_blobs_have_no_head(store: BlobStore) -> None:
    assert await store.head("media/owner/nothing/original.mp4") is None


async def test_written_stream_reads_back(store: BlobStore) -> None:
    data = bytes(range(256)) * 1000
    assert await store.write_stream(KEY, stream(data[:1000], data[1000:]), "video/mp4") == len(data)
    info = await store.head(KEY)
    assert info is not None
    assert (info.key, info.size, info.content_type) == (KEY, len(data), "video/mp4")
    assert await store.read_prefix(KEY, 16) == data[:16]
    assert await collect(store.read_range(KEY, 10, 300_000)) == data[10:300_001]


async def test_files_upload_and_download(store: BlobStore, tmp_path: Path) -> None:
    source = tmp_path / "in.m3u8"
    source.write_text("#EXTM3U\n")
    await store.upload_file("media/owner/m1/stream/master.m3u8", source, "application/vnd.apple.mpegurl")
    info = await store.head("media/owner/m1/stream/master.m3u8")
    assert info is not None
    assert info.content_type == "application/vnd.apple.mpegurl"
    target = tmp_path / "out"
    await store.download("media/owner/m1/stream/master.m3u8", target)
    assert target.read_text() == "#EXTM3U\n"


async def test_a_failed_stream_leaves_nothing(store: BlobStore) -> None:
    async def broken() -> AsyncIterator[bytes]:
        yield b"partial"
        raise ValueError("client went away")

    with pytest.raises(ValueError, match="went away"):
        await store.write_stream(KEY, broken(), "video/mp4")
    assert await store.head(KEY) is None


async def test_delete_prefix_removes_only_that_prefix(store: BlobStore) -> None:
    await store.write_stream("media/owner/m1/a", stream(b"a"), "text/plain")
    await store.write_stream("media/owner/m1/stream/b", stream(b"b"), "text/plain")
    await store.write_stream("media/owner/m2/a", stream(b"c"), "text/plain")
    await store.delete_prefix("media/owner/m1/")
    assert await store.head("media/owner/m1/a") is None
    assert await store.head("media/owner/m1/stream/b") is None
    assert await store.head("media/owner/m2/a") is not None


async def test_public_urls_end_with_the_key(store: BlobStore) -> None:
    assert store.public_url(KEY).endswith("/" + KEY)


async def test_uploads_have_no_public_url(store: BlobStore) -> None:
    with pytest.raises(ValueError, match="no public URL"):
        store.public_url("originals/owner/m1/Zq3xkP0e9.jpg")


async def test_s3_keeps_uploads_in_the_private_bucket(s3_endpoint: str) -> None:
    public, private = (unique(name).replace("_", "-").lower() for name in ("public", "private"))
    create_public_bucket(s3_endpoint, public)
    create_private_bucket(s3_endpoint, private)
    store = S3BlobStore(S3Config(public, s3_endpoint, "us-east-1", "k", "s", path_style=True, private_bucket=private))
    upload = "originals/owner/m1/Zq3xkP0e9.jpg"
    await store.write_stream(upload, stream(b"original"), "image/jpeg")
    await store.write_stream("media/owner/m1/image/320.jpg", stream(b"variant"), "image/jpeg")
    assert s3_keys(s3_endpoint, private) == [upload]
    assert s3_keys(s3_endpoint, public) == ["media/owner/m1/image/320.jpg"]
    assert await store.read_prefix(upload, 100) == b"original"  # with credentials
    async with httpx.AsyncClient() as http:
        assert (await http.get(f"{s3_endpoint}/{private}/{upload}")).status_code == 403  # without
        assert (await http.get(store.public_url("media/owner/m1/image/320.jpg"))).content == b"variant"
    target = await store.upload_target(
        upload, "image/jpeg", 100, "originals/owner/", datetime.now(UTC) + timedelta(minutes=5)
    )
    assert target.url.rstrip("/").endswith(private)
