"""Every media use case resolves in each wiring: in-memory, embedded SQL, and with S3 + Redis."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from souk.adapters.inprocess.job_queue import InProcessJobQueue
from souk.adapters.localdisk.blob_store import LocalDiskBlobStore
from souk.adapters.s3.blob_store import S3BlobStore
from souk.application.media.get_ready_video import GetReadyVideo
from souk.application.media.get_video_job import GetVideoJob
from souk.application.media.process_video import ProcessVideo
from souk.application.media.read_stored_media import ReadStoredMedia
from souk.application.media.receive_upload import ReceiveUpload
from souk.application.media.request_upload_urls import RequestUploadUrls
from souk.application.media.request_video_processing import RequestVideoProcessing
from souk.application.media.resume_video_jobs import ResumeVideoJobs
from souk.application.ports.blob_store import BlobStore
from souk.application.ports.job_queue import JobQueue
from souk.bootstrap.container import build_container
from souk.bootstrap.settings import Settings
from tests.support import fast_settings

USE_CASES = [
    RequestUploadUrls,
    ReceiveUpload,
    RequestVideoProcessing,
    ProcessVideo,
    GetVideoJob,
    GetReadyVideo,
    ReadStoredMedia,
    ResumeVideoJobs,
]


@pytest.mark.parametrize("in_memory", [True, False])
async def test_embedded_wiring_uses_local_disk_and_in_process_jobs(tmp_path: Path, in_memory: bool) -> None:
    container = build_container(fast_settings(tmp_path), in_memory=in_memory)
    try:
        assert isinstance(await container.get(BlobStore), LocalDiskBlobStore)
        assert isinstance(await container.get(JobQueue), InProcessJobQueue)
        async with container() as request:
            for use_case in USE_CASES:
                assert isinstance(await request.get(use_case), use_case)
    finally:
        await container.close()


def test_s3_settings_select_the_s3_store(tmp_path: Path) -> None:
    settings: Settings = replace(
        fast_settings(tmp_path), s3_bucket="media", s3_endpoint_url="http://127.0.0.1:9", s3_path_style=True
    )
    from souk.bootstrap.providers.storage import StorageProvider

    store = StorageProvider().blob_store(settings, signer=None)  # type: ignore[arg-type]
    assert isinstance(store, S3BlobStore)
    assert store.public_url("media/a/b") == "http://127.0.0.1:9/media/media/a/b"


def test_media_settings_come_from_the_environment() -> None:
    settings = Settings.from_env(
        {
            "SOUK_S3_BUCKET": "b",
            "SOUK_S3_ENDPOINT_URL": "https://s3.us-west-004.backblazeb2.com",
            "SOUK_S3_REGION": "us-west-004",
            "SOUK_S3_ACCESS_KEY_ID": "id",
            "SOUK_S3_SECRET_ACCESS_KEY": "key",
            "SOUK_S3_PATH_STYLE": "true",
            "SOUK_S3_PUBLIC_URL": "https://cdn.example.com",
            "SOUK_FFMPEG": "/opt/ffmpeg",
            "SOUK_FFPROBE": "/opt/ffprobe",
            "SOUK_FFMPEG_THREADS": "1",
            "SOUK_MEDIA_JOB_TIMEOUT_S": "60",
            "SOUK_MEDIA_MAX_OUTPUT_MB": "10",
            "SOUK_WORKER_CONCURRENCY": "2",
            "SOUK_PUBLIC_BASE_URL": "https://api.example.com",
        }
    )
    assert (settings.s3_bucket, settings.s3_region, settings.s3_path_style) == ("b", "us-west-004", True)
    assert (settings.s3_access_key_id, settings.s3_secret_access_key) == ("id", "key")
    assert settings.s3_public_url == "https://cdn.example.com"
    assert (settings.ffmpeg, settings.ffprobe, settings.ffmpeg_threads) == ("/opt/ffmpeg", "/opt/ffprobe", 1)
    assert (settings.media_job_timeout_s, settings.media_max_output_mb, settings.worker_concurrency) == (60, 10, 2)
    assert settings.public_base_url == "https://api.example.com"
    assert Settings.from_env({}).s3_bucket is None
