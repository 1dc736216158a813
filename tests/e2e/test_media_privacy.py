"""Issue 13, finding 6, performed as an attacker would, over HTTP, on both deployments:
embedded (SQLite, local-disk media served by Souk, jobs in-process) and production
(PostgreSQL, Redis with a SAQ worker, S3: a public media bucket and a private one for
uploads). A photo with EXIF GPS is uploaded; no public URL may give back its bytes or its
place, the variants carry no metadata, another user gets 404 for the original, editing a
video's public HLS URL does not reach its original, and bombs fail cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import io
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient
from PIL import Image

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from souk.bootstrap.worker import run_worker
from tests.e2e.conftest import Api
from tests.e2e.sql_count import sql_count
from tests.e2e.test_catalog import product_body
from tests.e2e.test_media_embedded import path_of, upload_urls, wait_for_job
from tests.media_support import (
    Clip,
    clip_with_location,
    create_private_bucket,
    create_public_bucket,
    jpeg_claiming,
    photo_with_gps,
    png_bomb,
    s3_keys,
)
from tests.support import unique

GPS_TRACES = (b"48.8566", b"48,51", b"Secret Phone", b"home sweet home")  # the place, the camera, the comment


@dataclass
class Deployment:
    name: str
    api: Api
    data_dir: Path
    endpoint: str | None = None  # S3
    bucket: str | None = None
    private_bucket: str | None = None

    async def fetch(self, url: str) -> httpx.Response:
        """A public URL, as anyone on the internet would fetch it (no credentials)."""
        if self.endpoint and url.startswith(self.endpoint):
            async with httpx.AsyncClient() as http:
                return await http.get(url)
        return await self.api.client.get(path_of(url))

    def stored_originals(self) -> list[str]:
        """Where the uploads really are (read with the operator's access, not the attacker's)."""
        if self.endpoint and self.private_bucket:
            return s3_keys(self.endpoint, self.private_bucket)
        root = self.data_dir / "media"
        return [str(p.relative_to(root)) for p in (root / "originals").rglob("*") if p.is_file()]

    def url_of_key(self, key: str) -> str:
        """The public URL a stored key would have if it were public."""
        if self.endpoint:
            return f"{self.endpoint}/{self.bucket}/{key}"
        return f"/media/files/{key}"


@pytest.fixture(params=["embedded", pytest.param("production", marks=[pytest.mark.postgres, pytest.mark.redis])])
async def deployment(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Deployment]:
    if request.param == "embedded":
        base: Settings = request.getfixturevalue("sqlite_settings")
        settings = replace(base, data_dir=tmp_path, rate_limit_scale=1000, ffmpeg_threads=1)
        async with AsyncTestClient(create_app(settings)) as client:
            yield Deployment("embedded", Api(client, tmp_path / "sms.jsonl"), tmp_path)
        return
    base = request.getfixturevalue("postgres_settings")
    endpoint: str = request.getfixturevalue("s3_endpoint")
    bucket = unique("souk").replace("_", "-").lower()
    private = f"{bucket}-uploads"
    create_public_bucket(endpoint, bucket)
    create_private_bucket(endpoint, private)
    settings = replace(
        base,
        data_dir=tmp_path,
        rate_limit_scale=1000,
        s3_bucket=bucket,
        s3_private_bucket=private,
        s3_endpoint_url=endpoint,
        s3_region="us-east-1",
        s3_access_key_id="k",
        s3_secret_access_key="s",
        s3_path_style=True,
        ffmpeg_threads=1,
    )
    worker = asyncio.create_task(run_worker(settings))
    try:
        async with AsyncTestClient(create_app(settings)) as client:
            yield Deployment("production", Api(client, tmp_path / "sms.jsonl"), tmp_path, endpoint, bucket, private)
    finally:
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker


async def upload(d: Deployment, auth: dict[str, Any], kind: str, data: bytes, content_type: str) -> str:
    response = await upload_urls(d.api, auth, kind, (content_type, len(data)))
    assert response.status_code == 201, response.text
    (target,) = response.json()["uploads"]
    if target["method"] == "PUT":
        stored = await d.api.client.put(path_of(target["url"]), content=data, headers=target["headers"])
    else:
        async with httpx.AsyncClient() as http:
            stored = await http.post(target["url"], data=target["fields"], files={"file": ("f", data, content_type)})
    assert stored.status_code in (200, 201, 204), stored.text
    media_id: str = target["media_id"]
    return media_id


async def process(d: Deployment, auth: dict[str, Any], kind: str, media_id: str) -> dict[str, Any]:
    started = await d.api.client.post(
        f"/api/v1/media/{kind}/process", json={"media_id": media_id}, headers=d.api.bearer(auth)
    )
    assert started.status_code == 202, started.text
    return await wait_for_job(d.api, auth, started.json()["job_id"])


async def test_a_photos_original_and_its_place_never_leave_through_public_urls(deployment: Deployment) -> None:
    d = deployment
    owner, stranger = await d.api.register(), await d.api.register()
    photo = photo_with_gps()
    media_id = await upload(d, owner, "image", photo, "image/jpeg")
    status = await process(d, owner, "image", media_id)
    assert status["status"] == "succeeded", status
    image = status["image"]
    assert set(image["variants"]) == {"320", "640", "1280"}
    # Orientation applied: the 1600x1200 sensor image with orientation 6 shows as portrait.
    assert (image["width"], image["height"]) == (960, 1280)

    public_urls = [image["url"]] + [u for v in image["variants"].values() for u in (v["jpeg"], v["webp"])]
    for url in public_urls:
        served = await d.fetch(url)
        assert served.status_code == 200, url
        assert served.content != photo
        for trace in GPS_TRACES:
            assert trace not in served.content, (url, trace)
        picture = Image.open(io.BytesIO(served.content))
        assert picture.format in ("JPEG", "WEBP")
        assert len(picture.getexif()) == 0, url
        assert not picture.getexif().get_ifd(0x8825)  # no GPS
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"} & set(picture.info), url
        width, height = picture.size
        assert height > width
        marker = picture.convert("RGB").getpixel((width - 2, 2))  # the sensor's top-left, turned
        assert isinstance(marker, tuple)
        assert marker[2] > 150, marker

    # Where the upload really is, and every path an attacker could guess: nothing public.
    (original_key,) = [k for k in d.stored_originals() if media_id in k]
    owner_id = owner["user"]["id"]
    assert original_key.startswith(f"originals/{owner_id}/{media_id}/")
    guesses = [
        original_key,
        f"media/{owner_id}/{media_id}/original.jpg",  # where releases before kept it
        f"originals/{owner_id}/{media_id}/original.jpg",
        image["url"].rsplit("/", 3)[0].split("/files/")[-1] + "/original.jpg" if not d.endpoint else original_key,
    ]
    for key in guesses:
        answer = await d.fetch(d.url_of_key(key))
        assert answer.status_code in (403, 404), (key, answer.status_code)
        assert answer.content != photo
    if d.endpoint and d.private_bucket:  # the private bucket itself refuses anonymous reads
        async with httpx.AsyncClient() as http:
            direct = await http.get(f"{d.endpoint}/{d.private_bucket}/{original_key}")
        assert direct.status_code == 403

    # The owner, and only the owner, gets the original back through the API.
    mine = await d.api.client.get(f"/api/v1/media/{media_id}/original", headers=d.api.bearer(owner))
    assert (mine.status_code, mine.content) == (200, photo)
    assert "no-store" in mine.headers["cache-control"]
    theirs = await d.api.client.get(f"/api/v1/media/{media_id}/original", headers=d.api.bearer(stranger))
    assert (theirs.status_code, theirs.json()["code"]) == (404, "media_not_found")
    anonymous = await d.api.client.get(f"/api/v1/media/{media_id}/original")
    assert anonymous.status_code == 401


async def test_listings_and_avatars_take_only_ones_own_processed_images(deployment: Deployment) -> None:
    d = deployment
    seller, stranger = await d.api.register(), await d.api.register()
    mine = await upload(d, seller, "image", photo_with_gps(800, 600), "image/jpeg")
    assert (await process(d, seller, "image", mine))["status"] == "succeeded"
    unprocessed = await upload(d, seller, "image", photo_with_gps(400, 300), "image/jpeg")
    foreign = await upload(d, stranger, "image", photo_with_gps(400, 300), "image/jpeg")
    assert (await process(d, stranger, "image", foreign))["status"] == "succeeded"
    headers = d.api.bearer(seller)

    refused = [
        ({"image_media_ids": [foreign]}, 404, "media_not_found"),
        ({"image_media_ids": [unprocessed]}, 409, "image_not_ready"),
        ({"image_media_ids": [mine, mine]}, 400, "invalid_input"),
    ]
    for fields, status, code in refused:
        response = await d.api.client.post("/api/v1/products", json=product_body(**fields), headers=headers)
        assert (response.status_code, response.json()["code"]) == (status, code), (fields, response.text)
    arbitrary = await d.api.client.post(
        "/api/v1/products", json=product_body(image_urls=["https://tracker.example/p.jpg"]), headers=headers
    )
    assert arbitrary.status_code == 400
    assert arbitrary.json()["errors"][0]["field"].endswith("image_urls")

    created = await d.api.client.post("/api/v1/products", json=product_body(image_media_ids=[mine]), headers=headers)
    assert created.status_code == 201, created.text
    product = created.json()
    (shown,) = product["images"]
    assert (shown["width"], shown["height"]) == (600, 800)  # the "1280" variant at 800: never upscaled
    assert set(shown["variants"]) == {"320", "640", "1280"}
    assert (shown["variants"]["640"]["width"], shown["variants"]["640"]["height"]) == (480, 640)
    assert product["image_urls"] == [shown["url"]]
    fetched = await d.api.client.get(f"/api/v1/products/{product['id']}")
    assert fetched.json()["images"] == product["images"]
    photo = await d.fetch(shown["variants"]["640"]["webp"])
    assert photo.status_code == 200
    assert Image.open(io.BytesIO(photo.content)).format == "WEBP"
    edit = await d.api.client.patch(
        f"/api/v1/products/{product['id']}", json={"image_media_ids": [foreign]}, headers=headers
    )
    assert (edit.status_code, edit.json()["code"]) == (404, "media_not_found")

    avatar = await d.api.client.patch("/api/v1/users/me", json={"avatar_media_id": mine}, headers=headers)
    assert avatar.status_code == 200, avatar.text
    assert avatar.json()["avatar"]["url"] == shown["url"]
    assert set(avatar.json()["avatar"]["variants"]) == {"320", "640", "1280"}
    async with sql_count(d.api.client.app) as count:  # the avatar is joined to the account's one read
        mine_now = (await d.api.client.get("/api/v1/users/me", headers={**headers, **count.header})).json()
    assert (mine_now["avatar"], mine_now["avatar_url"]) == (avatar.json()["avatar"], shown["url"])
    assert (count.checkouts, len(count.statements) <= 1) == (1, True), count.statements
    public = (await d.api.client.get(f"/api/v1/users/{seller['user']['id']}")).json()
    assert public["avatar"] == avatar.json()["avatar"]
    assert public["avatar_url"] == shown["url"]
    stolen = await d.api.client.patch("/api/v1/users/me", json={"avatar_media_id": foreign}, headers=headers)
    assert (stolen.status_code, stolen.json()["code"]) == (404, "media_not_found")
    old_style = await d.api.client.patch(
        "/api/v1/users/me", json={"avatar_url": "https://tracker.example/a.jpg"}, headers=headers
    )
    assert old_style.status_code == 400
    cleared = await d.api.client.patch("/api/v1/users/me", json={"avatar_media_id": None}, headers=headers)
    assert (cleared.json()["avatar"], cleared.json()["avatar_url"]) == (None, None)


async def test_bombs_and_oversized_images_fail_cleanly(deployment: Deployment) -> None:
    d = deployment
    owner = await d.api.register()
    cases = {
        "too many pixels": (png_bomb(), "image/png"),  # 900 megapixels in ~100 KB
        "8000x7000 (56 megapixels); at most 50 megapixels": (jpeg_claiming(8000, 7000), "image/jpeg"),
        "could not be read as an image": (b"\xff\xd8\xff\xe0" + b"\x00" * 2000, "image/jpeg"),
        "could not be": (b"\x00\x00\x00\x18ftypheic" + b"\x00" * 2000, "image/heic"),
    }
    for reason, (data, content_type) in cases.items():
        media_id = await upload(d, owner, "image", data, content_type)
        status = await process(d, owner, "image", media_id)
        assert status["status"] == "failed", (reason, status)
        assert reason in status["error"], (reason, status["error"])
        assert status["image"] is None
        for leak in ("souk-", tempfile.gettempdir(), "Traceback", "BytesIO"):
            assert leak not in status["error"], status["error"]


@pytest.mark.slow
async def test_editing_a_videos_public_hls_url_never_reaches_its_original(
    deployment: Deployment, clips: dict[str, Clip], tmp_path: Path
) -> None:
    d = deployment
    owner = await d.api.register()
    tagged = clip_with_location(clips["small"].path, tmp_path / "tagged.mov").read_bytes()
    assert b"+48.8566+002.3522" in tagged  # the phone's place is in the upload
    media_id = await upload(d, owner, "video", tagged, "video/quicktime")
    status = await process(d, owner, "video", media_id)
    assert status["status"] == "succeeded", status
    hls = status["outputs"]["hls_url"]
    base = hls.rsplit("/stream/", 1)[0]

    # Every output a player fetches: none carries the source's metadata.
    outputs = [hls, status["outputs"]["dash_url"], status["outputs"]["thumbnail_url"]]
    master = (await d.fetch(hls)).text
    names = [line for line in master.splitlines() if line and not line.startswith("#")]
    for name in names:
        outputs.append(f"{hls.rsplit('/', 1)[0]}/{name}")
        playlist = (await d.fetch(outputs[-1])).text
        refs = [line for line in playlist.splitlines() if line and not line.startswith("#")]
        refs += [line.split('URI="')[1].split('"')[0] for line in playlist.splitlines() if 'URI="' in line]
        outputs += [f"{hls.rsplit('/', 1)[0]}/{ref}" for ref in refs]
    assert any("init" in url for url in outputs), outputs
    assert any(url.endswith(".m4s") and "init" not in url for url in outputs), outputs
    for url in outputs:
        served = await d.fetch(url)
        assert served.status_code == 200, url
        for trace in (b"48.8566", b"Secret Phone"):
            assert trace not in served.content, (url, trace)

    edits = [
        f"{base}/original.mov",
        f"{base}/original.mp4",
        f"{base}/stream/../original.mov",
        hls.replace("/stream/master.m3u8", "/original.mov"),
        hls.replace("/media/", "/originals/").replace("/stream/master.m3u8", "/original.mov"),
    ]
    (original_key,) = [k for k in d.stored_originals() if media_id in k]
    edits.append(d.url_of_key(original_key))
    for url in edits:
        answer = await d.fetch(url)
        assert answer.status_code in (400, 403, 404), (url, answer.status_code)
        assert tagged[:4096] not in answer.content
