"""Use cases on in-memory adapters with a scripted transcoder: the rules, fast."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest

from souk.adapters.memory.blob_store import InMemoryBlobStore
from souk.adapters.memory.clock import FakeClock
from souk.adapters.memory.ids import SequentialIds
from souk.adapters.memory.media_repository import InMemoryMediaRepository
from souk.adapters.memory.store import InMemoryStore
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.adapters.memory.video_job_repository import InMemoryVideoJobRepository
from souk.adapters.security.hmac_upload_signer import HmacUploadSigner
from souk.adapters.system.scratch import TempScratchSpace
from souk.application.media.get_ready_video import GetReadyVideo, ReadyVideo
from souk.application.media.get_video_job import GetVideoJob, VideoJobView
from souk.application.media.process_video import ProcessVideo
from souk.application.media.receive_upload import ReceiveUpload
from souk.application.media.request_upload_urls import RequestUploadUrls
from souk.application.media.request_video_processing import RequestVideoProcessing
from souk.application.media.settings import PROCESS_VIDEO_JOB, MediaSettings
from souk.application.ports.job_queue import JobAttempt, JobRequest
from souk.application.ports.transcoder import ProgressCallback, TranscodeResult
from souk.application.ports.upload_signer import UploadGrant
from souk.application.shared.ids import new_id
from souk.domain.media.errors import (
    MediaNotFound,
    MediaNotUploaded,
    MediaNotVideo,
    TooManyFiles,
    UploadTooLarge,
    UploadTypeMismatch,
    VideoJobNotFound,
    VideoNotReady,
)
from souk.domain.media.values import FileDeclaration, MediaKind, MediaStatus, VideoMetadata
from souk.domain.media.video_job import JobStatus

MP4 = b"\x00\x00\x00\x20ftypisom" + b"\x00" * 200
META = VideoMetadata(2.0, 1280, 720, 1_000_000, "h264", "aac")


class ScriptedTranscoder:
    def __init__(self) -> None:
        self.failures: list[Exception] = []
        self.metadata = META
        self.transcoded = 0

    async def probe(self, source: Path, content_type: str) -> VideoMetadata:
        return self.metadata

    async def transcode(
        self, source: Path, content_type: str, metadata: VideoMetadata, output_dir: Path, on_progress: ProgressCallback
    ) -> TranscodeResult:
        if self.failures:
            raise self.failures.pop(0)
        for name in ("master.m3u8", "manifest.mpd", "thumbnail.jpg"):
            (output_dir / name).write_text(name)
        await on_progress(0.5)
        self.transcoded += 1
        return TranscodeResult(
            ("manifest.mpd", "master.m3u8", "thumbnail.jpg"), "master.m3u8", "manifest.mpd", "thumbnail.jpg"
        )


class RecordingQueue:
    def __init__(self) -> None:
        self.jobs: list[JobRequest] = []

    async def enqueue(self, job: JobRequest) -> None:
        self.jobs.append(job)


class World:
    def __init__(self) -> None:
        self.store = InMemoryStore()
        self.blobs = InMemoryBlobStore()
        self.clock = FakeClock(datetime(2026, 11, 21, 12, 0, tzinfo=UTC))
        self.signer = HmacUploadSigner(b"s" * 32)
        self.transcoder = ScriptedTranscoder()
        self.queue = RecordingQueue()
        self.settings = MediaSettings()
        self.ids = SequentialIds()

    def uow(self) -> tuple[InMemoryUnitOfWork, InMemoryMediaRepository, InMemoryVideoJobRepository]:
        uow = InMemoryUnitOfWork(self.store)
        return uow, InMemoryMediaRepository(uow), InMemoryVideoJobRepository(uow)

    async def request(self, owner: UUID, kind: MediaKind, *decls: FileDeclaration) -> list[UUID]:
        uow, media, _ = self.uow()
        tickets = await RequestUploadUrls(uow, media, self.blobs, self.clock, self.ids, self.settings)(
            owner, kind, decls
        )
        return [t.media_id for t in tickets]

    async def uploaded_video(self, owner: UUID, data: bytes = MP4) -> UUID:
        (media_id,) = await self.request(owner, MediaKind.VIDEO, FileDeclaration("video/mp4", len(data), "v.mp4"))
        self.blobs.put(await self.original_key(media_id), data, "video/mp4")
        return media_id

    async def original_key(self, media_id: UUID) -> str:
        _, media, _ = self.uow()
        found = await media.get(media_id)
        assert found is not None
        return found.original_key

    async def process_request(self, owner: UUID, media_id: UUID) -> UUID:
        uow, media, jobs = self.uow()
        use_case = RequestVideoProcessing(uow, media, jobs, self.blobs, self.queue, self.clock, self.ids, self.settings)
        return await use_case(owner, media_id)

    async def run_job(self, job_id: UUID, attempt: int = 1, of: int = 3) -> None:
        uow, media, jobs = self.uow()
        use_case = ProcessVideo(
            uow, media, jobs, self.blobs, self.transcoder, self.clock, self.settings, TempScratchSpace()
        )
        await use_case(job_id, JobAttempt(attempt, of))

    async def view(self, owner: UUID, job_id: UUID) -> VideoJobView:
        uow, _, jobs = self.uow()
        return await GetVideoJob(uow, jobs, InMemoryMediaRepository(uow), self.blobs)(owner, job_id)

    async def ready(self, media_id: UUID) -> ReadyVideo:
        uow, media, _ = self.uow()
        return await GetReadyVideo(uow, media, self.blobs)(media_id)


@pytest.fixture
def world() -> World:
    return World()


async def test_upload_urls_pin_owner_prefix_type_and_declared_size(world: World) -> None:
    owner = new_id()
    ids = await world.request(
        owner, MediaKind.IMAGE, *[FileDeclaration("image/png", 100 + i, "p.png") for i in range(3)]
    )
    assert len(ids) == 3
    for i, media_id in enumerate(ids):
        key = await world.original_key(media_id)
        assert key.startswith(f"originals/{owner}/{media_id}/")
        assert key.endswith(".png")
        content_type, max_bytes, expires_at = world.blobs.targets[key]
        assert (content_type, max_bytes) == ("image/png", 100 + i)
        assert expires_at == world.clock.now() + world.settings.upload_url_ttl


async def test_eleven_images_create_nothing(world: World) -> None:
    with pytest.raises(TooManyFiles):
        await world.request(new_id(), MediaKind.IMAGE, *[FileDeclaration("image/png", 10, "p") for _ in range(11)])
    assert world.store.table("media") == {}


async def test_video_is_processed_into_stored_outputs(world: World) -> None:
    owner = new_id()
    media_id = await world.uploaded_video(owner)
    job_id = await world.process_request(owner, media_id)
    (queued,) = world.queue.jobs
    assert (queued.name, queued.payload, queued.key) == (PROCESS_VIDEO_JOB, {"job_id": str(job_id)}, f"video:{job_id}")
    assert (await world.view(owner, job_id)).job.status is JobStatus.QUEUED

    await world.run_job(job_id)

    view = await world.view(owner, job_id)
    assert view.job.status is JobStatus.SUCCEEDED
    assert view.job.progress == 1.0
    assert view.job.metadata == META
    prefix = f"media/{owner}/{media_id}/stream/"
    assert view.urls is not None
    assert view.urls.hls_url == f"memory://{prefix}master.m3u8"
    assert world.blobs.blobs[prefix + "master.m3u8"] == (b"master.m3u8", "application/vnd.apple.mpegurl")
    ready = await world.ready(media_id)
    assert ready.urls == view.urls


async def test_status_is_the_owners_only(world: World) -> None:
    owner = new_id()
    job_id = await world.process_request(owner, await world.uploaded_video(owner))
    with pytest.raises(VideoJobNotFound):
        await world.view(new_id(), job_id)


async def test_processing_someone_elses_media_is_not_found(world: World) -> None:
    media_id = await world.uploaded_video(new_id())
    with pytest.raises(MediaNotFound):
        await world.process_request(new_id(), media_id)


async def test_processing_an_image_or_a_missing_upload_conflicts(world: World) -> None:
    owner = new_id()
    (image,) = await world.request(owner, MediaKind.IMAGE, FileDeclaration("image/png", 10, "p.png"))
    with pytest.raises(MediaNotVideo):
        await world.process_request(owner, image)
    (video,) = await world.request(owner, MediaKind.VIDEO, FileDeclaration("video/mp4", 10, "v.mp4"))
    with pytest.raises(MediaNotUploaded):
        await world.process_request(owner, video)
    assert world.queue.jobs == []


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n", "not a video we accept: its content is an HLS playlist"),
        (bytes(range(256)) * 4, "its content is unrecognised binary data"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "its content is image/png"),
    ],
)
async def test_files_that_are_not_videos_fail_without_transcoding(world: World, data: bytes, reason: str) -> None:
    owner = new_id()
    media_id = await world.uploaded_video(owner, data)
    job_id = await world.process_request(owner, media_id)
    await world.run_job(job_id)
    job = (await world.view(owner, job_id)).job
    assert job.status is JobStatus.FAILED
    assert job.error is not None
    assert reason in job.error
    assert world.transcoder.transcoded == 0
    with pytest.raises(VideoNotReady):
        await world.ready(media_id)


async def test_an_upload_larger_than_declared_fails(world: World) -> None:
    owner = new_id()
    media_id = await world.uploaded_video(owner)
    key = await world.original_key(media_id)
    world.blobs.put(key, MP4 + b"\x00" * 10, "video/mp4")  # S3 servers may not enforce the policy
    job_id = await world.process_request(owner, media_id)
    await world.run_job(job_id)
    job = (await world.view(owner, job_id)).job
    assert job.status is JobStatus.FAILED
    assert "more than the" in (job.error or "")


async def test_oversized_resolution_fails_in_plain_words(world: World) -> None:
    owner = new_id()
    world.transcoder.metadata = VideoMetadata(1.0, 30000, 30000, None, "h264", None)
    job_id = await world.process_request(owner, await world.uploaded_video(owner))
    await world.run_job(job_id)
    job = (await world.view(owner, job_id)).job
    assert job.status is JobStatus.FAILED
    assert job.error == "The video is 30000x30000; at most 4096 pixels a side are accepted."


async def test_a_transient_error_is_retried_then_succeeds(world: World) -> None:
    owner = new_id()
    job_id = await world.process_request(owner, await world.uploaded_video(owner))
    world.transcoder.failures.append(OSError("disk hiccup"))
    with pytest.raises(OSError, match="disk hiccup"):
        await world.run_job(job_id, attempt=1)
    job = (await world.view(owner, job_id)).job
    assert job.status is JobStatus.QUEUED
    assert job.error == "Attempt 1 failed (OSError: disk hiccup); it will be retried."
    await world.run_job(job_id, attempt=2)
    job = (await world.view(owner, job_id)).job
    assert (job.status, job.attempts, job.error) == (JobStatus.SUCCEEDED, 2, None)


async def test_the_last_attempt_fails_the_job_with_the_reason(world: World) -> None:
    owner = new_id()
    media_id = await world.uploaded_video(owner)
    job_id = await world.process_request(owner, media_id)
    world.transcoder.failures.append(OSError("disk full"))
    await world.run_job(job_id, attempt=3, of=3)
    job = (await world.view(owner, job_id)).job
    assert job.status is JobStatus.FAILED
    assert job.error == "Processing failed after 3 attempts: OSError: disk full"
    _, media, _ = world.uow()
    stored = await media.get(media_id)
    assert stored is not None
    assert stored.status is MediaStatus.FAILED


class LeakyTranscoder(ScriptedTranscoder):
    async def transcode(
        self, source: Path, content_type: str, metadata: VideoMetadata, output_dir: Path, on_progress: ProgressCallback
    ) -> TranscodeResult:
        raise OSError(f"[Errno 28] No space left on device: '{output_dir / 'seg_3.m4s'}' (reading {source})")


async def test_a_failed_jobs_error_shows_no_scratch_path(world: World) -> None:
    owner = new_id()
    job_id = await world.process_request(owner, await world.uploaded_video(owner))
    world.transcoder = LeakyTranscoder()
    with pytest.raises(OSError, match="souk-video-"):
        await world.run_job(job_id, attempt=1, of=2)
    retrying = (await world.view(owner, job_id)).job.error
    await world.run_job(job_id, attempt=2, of=2)
    failed = (await world.view(owner, job_id)).job.error
    for error in (retrying, failed):
        assert error is not None
        assert "souk-video-" not in error
        assert tempfile.gettempdir() not in error
        assert "No space left on device: 'out/seg_3.m4s' (reading source)" in error


async def chunks(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


async def receive(world: World, token: str, content_type: str | None, *parts: bytes) -> int:
    uow, media, _ = world.uow()
    return await ReceiveUpload(uow, media, world.blobs, world.signer, world.clock)(token, content_type, chunks(*parts))


async def test_local_upload_enforces_size_and_real_type_while_receiving(world: World) -> None:
    owner = new_id()
    (media_id,) = await world.request(owner, MediaKind.VIDEO, FileDeclaration("video/mp4", len(MP4), "v.mp4"))
    key = await world.original_key(media_id)
    token = world.signer.sign(
        UploadGrant(key, "video/mp4", len(MP4), world.clock.now() + world.settings.upload_url_ttl)
    )
    with pytest.raises(UploadTypeMismatch):
        await receive(world, token, "image/png", MP4)
    with pytest.raises(UploadTypeMismatch, match="HLS playlist"):
        await receive(world, token, "video/mp4", b"#EXTM3U\n" + b"#" * 100)
    with pytest.raises(UploadTooLarge):
        await receive(world, token, "video/mp4", MP4[:100], MP4[100:], b"x")
    assert key not in world.blobs.blobs
    assert await receive(world, token, "video/mp4; charset=binary", MP4[:10], MP4[10:]) == len(MP4)
    _, media, _ = world.uow()
    stored = await media.get(media_id)
    assert stored is not None
    assert (stored.status, stored.size_bytes) == (MediaStatus.UPLOADED, len(MP4))


class SlowTranscoder(ScriptedTranscoder):
    async def transcode(
        self, source: Path, content_type: str, metadata: VideoMetadata, output_dir: Path, on_progress: ProgressCallback
    ) -> TranscodeResult:
        await asyncio.sleep(10)
        raise AssertionError("not reached")


async def test_a_job_over_its_time_limit_records_why(world: World) -> None:
    world.settings = MediaSettings(processing_timeout_s=0.05)
    world.transcoder = SlowTranscoder()
    owner = new_id()
    job_id = await world.process_request(owner, await world.uploaded_video(owner))
    await world.run_job(job_id, attempt=3, of=3)
    job = (await world.view(owner, job_id)).job
    assert (job.status, job.error) == (JobStatus.FAILED, "Processing failed after 3 attempts: it took longer than 0 s")


class BrokenQueue:
    async def enqueue(self, job: JobRequest) -> None:
        raise ConnectionError("redis is down")


async def test_a_job_that_cannot_be_queued_leaves_nothing_stuck(world: World) -> None:
    owner = new_id()
    media_id = await world.uploaded_video(owner)
    world.queue = BrokenQueue()  # type: ignore[assignment]
    with pytest.raises(ConnectionError):
        await world.process_request(owner, media_id)
    _, media, _ = world.uow()
    stored = await media.get(media_id)
    assert stored is not None
    assert (stored.status, stored.error) == (MediaStatus.FAILED, "The job could not be queued; try again.")
    world.queue = RecordingQueue()
    assert await world.process_request(owner, media_id)  # asking again works
