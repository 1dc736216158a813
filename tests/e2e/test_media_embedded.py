"""Media over HTTP on the embedded default: local-disk storage behind signed URLs that Souk
serves itself, and video jobs run in-process."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from dishka import Provider, Scope, provide
from litestar.testing import AsyncTestClient

from souk.adapters.security.hmac_upload_signer import HmacUploadSigner
from souk.application.ports.job_queue import JobQueue, JobRequest
from souk.application.ports.upload_signer import UploadGrant
from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.e2e.conftest import Api
from tests.media_support import Clip, ffprobe_streams

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 400
JPEG = b"\xff\xd8\xff\xe0" + b"\x01" * 400


@pytest.fixture
async def embedded(sqlite_settings: Settings, tmp_path: Path) -> AsyncIterator[Api]:
    settings = replace(sqlite_settings, data_dir=tmp_path, rate_limit_scale=1000, ffmpeg_threads=1)
    async with AsyncTestClient(create_app(settings)) as client:
        yield Api(client, tmp_path / "sms.jsonl")


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


async def upload_urls(api: Api, auth: dict[str, Any], kind: str, *files: tuple[str, int]) -> Any:
    body = {
        "kind": kind,
        "files": [{"content_type": t, "size_bytes": s, "filename": f"f{i}"} for i, (t, s) in enumerate(files)],
    }
    return await api.client.post("/api/v1/media/upload-url", json=body, headers=api.bearer(auth))


async def put(api: Api, upload: dict[str, Any], data: bytes, content_type: str | None = None) -> Any:
    headers = dict(upload["headers"])
    if content_type is not None:
        headers["Content-Type"] = content_type
    return await api.client.put(path_of(upload["url"]), content=data, headers=headers)


async def wait_for_job(api: Api, auth: dict[str, Any], job_id: str, timeout_s: float = 90) -> dict[str, Any]:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        response = await api.client.get(f"/api/v1/media/status/{job_id}", headers=api.bearer(auth))
        assert response.status_code == 200, response.text
        status: dict[str, Any] = response.json()
        if status["status"] in ("succeeded", "failed"):
            return status
        assert asyncio.get_running_loop().time() < deadline, status
        await asyncio.sleep(0.2)


async def test_images_upload_through_signed_urls_and_are_served_with_ranges(embedded: Api) -> None:
    api = embedded
    auth = await api.register()
    response = await upload_urls(api, auth, "image", ("image/png", len(PNG)), ("image/jpeg", len(JPEG)))
    assert response.status_code == 201, response.text
    uploads = response.json()["uploads"]
    assert [u["method"] for u in uploads] == ["PUT", "PUT"]
    expires = datetime.fromisoformat(uploads[0]["expires_at"].replace("Z", "+00:00"))
    assert timedelta(minutes=14) < expires - datetime.now(UTC) <= timedelta(minutes=15)
    assert (await put(api, uploads[0], PNG)).status_code == 200
    assert (await put(api, uploads[1], JPEG)).status_code == 200

    # Uploads are private: their owner reads them through the API (with ranges), no public path serves them.
    original = f"/api/v1/media/{uploads[0]['media_id']}/original"
    whole = await api.client.get(original, headers=api.bearer(auth))
    assert (whole.status_code, whole.content, whole.headers["content-type"]) == (200, PNG, "image/png")
    part = await api.client.get(original, headers={"Range": "bytes=4-11", **api.bearer(auth)})
    assert (part.status_code, part.content) == (206, PNG[4:12])
    assert part.headers["content-range"] == f"bytes 4-11/{len(PNG)}"
    bad = await api.client.get(original, headers={"Range": "bytes=9999-", **api.bearer(auth)})
    assert bad.status_code == 416
    legacy = f"media/{auth['user']['id']}/{uploads[0]['media_id']}/original.png"
    assert (await api.client.get(f"/media/files/{legacy}")).status_code == 404


@pytest.mark.parametrize(
    ("kind", "files", "code", "field"),
    [
        ("image", [("image/png", 100)] * 11, "too_many_files", "files"),
        ("image", [("image/jpeg", 11 * 1024 * 1024)], "file_too_large", "files[0].size_bytes"),
        ("image", [("image/gif", 100)], "unsupported_content_type", "files[0].content_type"),
        ("video", [("video/x-msvideo", 100)], "unsupported_content_type", "files[0].content_type"),
        ("video", [("video/mp4", 100)] * 2, "too_many_files", "files"),
        ("video", [("video/mp4", 501 * 1024 * 1024)], "file_too_large", "files[0].size_bytes"),
    ],
)
async def test_upload_limits_answer_problem_details(
    embedded: Api, kind: str, files: list[tuple[str, int]], code: str, field: str
) -> None:
    auth = await embedded.register()
    response = await upload_urls(embedded, auth, kind, *files)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == code
    assert problem["errors"][0]["field"] == field


async def test_malformed_upload_requests_are_validation_errors(embedded: Api) -> None:
    auth = await embedded.register()
    for body in ({"kind": "audio", "files": []}, {"kind": "image", "files": [{"content_type": "image/png"}]}, {"x": 1}):
        response = await embedded.client.post("/api/v1/media/upload-url", json=body, headers=embedded.bearer(auth))
        assert response.status_code == 400, body
        assert response.json()["code"] == "validation_error"
    valid = {"kind": "image", "files": [{"content_type": "image/png", "size_bytes": 10}]}
    anonymous = await embedded.client.post("/api/v1/media/upload-url", json=valid)
    assert anonymous.status_code == 401


async def test_uploads_are_checked_while_received(embedded: Api, sqlite_settings: Settings) -> None:
    api = embedded
    auth = await api.register()
    (upload,) = (await upload_urls(api, auth, "image", ("image/png", len(PNG)))).json()["uploads"]

    too_big = await put(api, upload, PNG + b"\x00")
    assert (too_big.status_code, too_big.json()["code"]) == (413, "upload_too_large")
    wrong_header = await put(api, upload, PNG, "image/jpeg")
    assert (wrong_header.status_code, wrong_header.json()["code"]) == (400, "upload_type_mismatch")
    wrong_bytes = await put(api, upload, JPEG[: len(PNG)])
    assert (wrong_bytes.status_code, wrong_bytes.json()["code"]) == (400, "upload_type_mismatch")
    nothing = await api.client.get(f"/api/v1/media/{upload['media_id']}/original", headers=api.bearer(auth))
    assert nothing.status_code == 404  # refused bytes were never stored
    key = f"originals/{auth['user']['id']}/{upload['media_id']}/original.png"

    token = path_of(upload["url"]).rsplit("/", 1)[1]
    payload, signature = token.split(".")
    forged = await api.client.put(
        f"/api/v1/media/uploads/{payload}.{signature[::-1]}", content=PNG, headers=upload["headers"]
    )
    assert (forged.status_code, forged.json()["code"]) == (403, "upload_url_invalid")

    signer = HmacUploadSigner(hashlib.sha256(b"souk-upload:" + sqlite_settings.jwt_secret.encode()).digest())
    stale = signer.sign(UploadGrant(key, "image/png", len(PNG), datetime.now(UTC) - timedelta(seconds=1)))
    expired = await api.client.put(f"/api/v1/media/uploads/{stale}", content=PNG, headers=upload["headers"])
    assert (expired.status_code, expired.json()["code"]) == (403, "upload_url_expired")

    assert (await put(api, upload, PNG)).status_code == 200


@pytest.mark.slow
async def test_video_upload_process_status_and_playable_hls(
    embedded: Api, clips: dict[str, Clip], tmp_path: Path
) -> None:
    api = embedded
    auth = await api.register()
    clip = clips["landscape"]
    data = clip.path.read_bytes()
    (upload,) = (await upload_urls(api, auth, "video", (clip.content_type, len(data)))).json()["uploads"]
    assert (await put(api, upload, data)).status_code == 200

    started = await api.client.post(
        "/api/v1/media/video/process", json={"media_id": upload["media_id"]}, headers=api.bearer(auth)
    )
    assert started.status_code == 202, started.text
    job_id = started.json()["job_id"]
    again = await api.client.post(
        "/api/v1/media/video/process", json={"media_id": upload["media_id"]}, headers=api.bearer(auth)
    )
    assert (again.status_code, again.json()["code"]) == (409, "media_already_processed")

    status = await wait_for_job(api, auth, job_id)
    assert status["status"] == "succeeded", status
    assert status["progress"] == 1.0
    assert status["error"] is None
    assert status["metadata"]["width"] == 1280
    assert status["metadata"]["height"] == 720
    assert status["metadata"]["video_codec"] == "h264"
    assert status["metadata"]["audio_codec"] == "aac"

    # Fetch every output the way a player would, then let ffprobe play the master playlist.
    outputs = status["outputs"]
    master_path = path_of(outputs["hls_url"])
    base = master_path.rsplit("/", 1)[0]
    local = tmp_path / "player"
    local.mkdir()
    master = await api.client.get(master_path)
    assert master.status_code == 200
    (local / "master.m3u8").write_bytes(master.content)
    names = {line for line in master.text.splitlines() if line and not line.startswith("#")}
    names |= {part.split('URI="')[1].split('"')[0] for part in master.text.splitlines() if 'URI="' in part}
    for name in sorted(names):
        playlist = await api.client.get(f"{base}/{name}")
        (local / name).write_bytes(playlist.content)
        for line in playlist.text.splitlines():
            for ref in (
                [line]
                if line and not line.startswith("#")
                else [line.split('URI="')[1].split('"')[0]]
                if 'URI="' in line
                else []
            ):
                segment = await api.client.get(f"{base}/{ref}")
                assert segment.status_code == 200, ref
                (local / ref).write_bytes(segment.content)
    heights = {s.get("height") for s in ffprobe_streams(str(local / "master.m3u8")) if s.get("codec_type") == "video"}
    assert heights == {720, 360}
    thumb = await api.client.get(path_of(outputs["thumbnail_url"]))
    assert thumb.content[:3] == b"\xff\xd8\xff"
    assert (await api.client.get(path_of(outputs["dash_url"]))).text.startswith("<?xml")

    stranger = await api.register()
    hidden = await api.client.get(f"/api/v1/media/status/{job_id}", headers=api.bearer(stranger))
    assert (hidden.status_code, hidden.json()["code"]) == (404, "job_not_found")


async def test_processing_refusals(embedded: Api) -> None:
    api = embedded
    owner, stranger = await api.register(), await api.register()
    (image,) = (await upload_urls(api, owner, "image", ("image/png", len(PNG)))).json()["uploads"]
    await put(api, image, PNG)
    (video,) = (await upload_urls(api, owner, "video", ("video/mp4", 1000))).json()["uploads"]

    async def process(auth: dict[str, Any], media_id: str) -> Any:
        return await api.client.post(
            "/api/v1/media/video/process", json={"media_id": media_id}, headers=api.bearer(auth)
        )

    assert (await process(stranger, video["media_id"])).json()["code"] == "media_not_found"
    assert (await process(stranger, video["media_id"])).status_code == 404
    not_video = await process(owner, image["media_id"])
    assert (not_video.status_code, not_video.json()["code"]) == (409, "media_not_video")
    not_uploaded = await process(owner, video["media_id"])
    assert (not_uploaded.status_code, not_uploaded.json()["code"]) == (409, "media_not_uploaded")
    malformed = await process(owner, "not-a-uuid")
    assert (malformed.status_code, malformed.json()["code"]) == (400, "validation_error")


class DroppingQueue:
    """A job queue that loses every job, like a server process killed right after queueing."""

    async def enqueue(self, job: JobRequest) -> None:
        return None


class DroppingQueueProvider(Provider):
    @provide(scope=Scope.APP)
    def queue(self) -> JobQueue:
        return DroppingQueue()


@pytest.mark.slow
async def test_embedded_jobs_left_unfinished_run_at_the_next_start(
    sqlite_settings: Settings, tmp_path: Path, clips: dict[str, Clip]
) -> None:
    settings = replace(sqlite_settings, data_dir=tmp_path, rate_limit_scale=1000, ffmpeg_threads=1)
    data = clips["portrait"].path.read_bytes()
    async with AsyncTestClient(create_app(settings, DroppingQueueProvider())) as client:
        api = Api(client, tmp_path / "sms.jsonl")
        auth = await api.register()
        (upload,) = (await upload_urls(api, auth, "video", ("video/mp4", len(data)))).json()["uploads"]
        assert (await put(api, upload, data)).status_code == 200
        body = {"media_id": upload["media_id"]}
        started = await client.post("/api/v1/media/video/process", json=body, headers=api.bearer(auth))
        job_id = started.json()["job_id"]
        assert (await wait_for_job_status(api, auth, job_id))["status"] == "queued"

    async with AsyncTestClient(create_app(settings)) as client:
        api = Api(client, tmp_path / "sms.jsonl")
        status = await wait_for_job(api, auth, job_id)
        assert status["status"] == "succeeded", status
        assert status["metadata"]["height"] == 640


async def wait_for_job_status(api: Api, auth: dict[str, Any], job_id: str) -> dict[str, Any]:
    response = await api.client.get(f"/api/v1/media/status/{job_id}", headers=api.bearer(auth))
    assert response.status_code == 200
    status: dict[str, Any] = response.json()
    return status


async def test_media_routes_are_in_the_openapi_schema(embedded: Api) -> None:
    response = await embedded.client.get("/schema/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/media/upload-url", "/api/v1/media/video/process", "/api/v1/media/status/{job_id}"):
        assert path in paths
