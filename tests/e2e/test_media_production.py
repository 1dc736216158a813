"""Media over HTTP in the production shape: PostgreSQL, Redis (SAQ jobs run by the same code
as ``souk worker``) and S3 (a local moto server, which, like some S3 servers, does not
enforce upload policies: Souk must check what really arrived)."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from souk.bootstrap.worker import run_worker
from tests.e2e.conftest import Api
from tests.e2e.test_media_embedded import upload_urls, wait_for_job
from tests.media_support import Clip, create_private_bucket, create_public_bucket, ffprobe_streams, make_clip
from tests.support import unique

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 400


@pytest.fixture
async def production(postgres_settings: Settings, s3_endpoint: str, tmp_path: Path) -> AsyncIterator[Api]:
    bucket = unique("souk").replace("_", "-").lower()
    create_public_bucket(s3_endpoint, bucket)
    create_private_bucket(s3_endpoint, f"{bucket}-uploads")
    settings = replace(
        postgres_settings,
        data_dir=tmp_path,
        rate_limit_scale=1000,
        s3_bucket=bucket,
        s3_private_bucket=f"{bucket}-uploads",
        s3_endpoint_url=s3_endpoint,
        s3_region="us-east-1",
        s3_access_key_id="k",
        s3_secret_access_key="s",
        s3_path_style=True,
        ffmpeg_threads=1,
    )
    worker = asyncio.create_task(run_worker(settings))
    try:
        async with AsyncTestClient(create_app(settings)) as client:
            yield Api(client, tmp_path / "sms.jsonl")
    finally:
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker


async def post_to_s3(upload: dict[str, Any], data: bytes, content_type: str) -> httpx.Response:
    async with httpx.AsyncClient() as http:
        return await http.post(upload["url"], data=upload["fields"], files={"file": ("f", data, content_type)})


async def test_presigned_post_policy_pins_key_type_size_and_expiry(production: Api) -> None:
    api = production
    auth = await api.register()
    response = await upload_urls(api, auth, "image", ("image/png", len(PNG)))
    assert response.status_code == 201, response.text
    (upload,) = response.json()["uploads"]
    assert upload["method"] == "POST"
    fields = upload["fields"]
    key = fields["key"]
    owner_uploads = f"originals/{auth['user']['id']}/"
    assert key.startswith(f"{owner_uploads}{upload['media_id']}/")
    assert key.endswith(".png")
    assert fields["Content-Type"] == "image/png"
    assert upload["url"].rstrip("/").endswith("-uploads")  # the private bucket
    policy = json.loads(base64.b64decode(fields["policy"]))
    conditions = policy["conditions"]
    assert ["content-length-range", 1, len(PNG)] in conditions
    assert {"Content-Type": "image/png"} in conditions
    assert ["starts-with", "$key", owner_uploads] in conditions
    assert {"key": key} in conditions
    expiration = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    assert timedelta(minutes=14) < expiration - datetime.now(UTC) <= timedelta(minutes=15)

    stored = await post_to_s3(upload, PNG, "image/png")
    assert stored.status_code in (200, 201, 204), stored.text
    async with httpx.AsyncClient() as http:  # stored, but no one reads it without credentials
        assert (await http.get(f"{upload['url'].rstrip('/')}/{key}")).status_code == 403
    mine = await api.client.get(f"/api/v1/media/{upload['media_id']}/original", headers=api.bearer(auth))
    assert (mine.status_code, mine.content) == (200, PNG)


async def process(api: Api, auth: dict[str, Any], media_id: str) -> dict[str, Any]:
    body = {"media_id": media_id}
    started = await api.client.post("/api/v1/media/video/process", json=body, headers=api.bearer(auth))
    assert started.status_code == 202, started.text
    return await wait_for_job(api, auth, started.json()["job_id"])


async def upload_video(api: Api, auth: dict[str, Any], data: bytes, declared: int | None = None) -> str:
    (upload,) = (await upload_urls(api, auth, "video", ("video/mp4", declared or len(data)))).json()["uploads"]
    stored = await post_to_s3(upload, data, "video/mp4")
    assert stored.status_code in (200, 201, 204), stored.text
    return str(upload["media_id"])


async def test_video_on_s3_is_processed_by_the_worker_and_plays(production: Api, clips: dict[str, Clip]) -> None:
    api = production
    auth = await api.register()
    clip = clips["landscape"]
    media_id = await upload_video(api, auth, clip.path.read_bytes())
    status = await process(api, auth, media_id)
    assert status["status"] == "succeeded", status
    assert status["metadata"]["duration_s"] == pytest.approx(clip.seconds, abs=0.1)
    hls_url = status["outputs"]["hls_url"]
    assert hls_url.endswith(f"{media_id}/stream/master.m3u8")
    streams = ffprobe_streams(hls_url)  # straight from the S3 server, as a player would
    assert {s.get("height") for s in streams if s.get("codec_type") == "video"} == {720, 360}
    assert any(s.get("codec_type") == "audio" for s in streams)


async def test_hostile_and_oversized_uploads_end_failed_in_plain_words(
    production: Api, tmp_path: Path, clips: dict[str, Clip]
) -> None:
    api = production
    auth = await api.register()
    playlist = b"#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n#EXTINF:1,\nhttp://169.254.169.254/latest/meta-data/\n"
    huge = make_clip(tmp_path / "wide.mp4", 4112, 64, 0.5, audio=False)
    small = clips["portrait"].path.read_bytes()
    cases = {
        "an HLS playlist": await upload_video(api, auth, playlist),
        # random bytes, but never starting like text ('<', '{', '#' or whitespace: ~2% of draws)
        "unrecognised binary data": await upload_video(api, auth, b"\x00\x9f\x92\x96" + os.urandom(4092)),
        "at most 4096 pixels a side": await upload_video(api, auth, huge.path.read_bytes()),
        "more than the 1000 bytes allowed": await upload_video(api, auth, small, declared=1000),
    }
    for reason, media_id in cases.items():
        status = await process(api, auth, media_id)
        assert status["status"] == "failed", (reason, status)
        assert reason in status["error"]
        assert status["outputs"] is None
