"""The image job on in-memory storage with the real Pillow codec: variants at stable public
keys, the original untouched and private, plain reasons when it fails."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from uuid import UUID

import pytest

from souk.adapters.memory.media_repository import InMemoryMediaRepository
from souk.adapters.pillow.image_codec import PillowImageCodec
from souk.adapters.system.scratch import TempScratchSpace
from souk.application.media.get_video_job import GetVideoJob, VideoJobView
from souk.application.media.process_image import ProcessImage
from souk.application.media.request_video_processing import RequestImageProcessing
from souk.application.media.settings import PROCESS_IMAGE_JOB
from souk.application.ports.image_codec import ImageCodec, RenderedImage
from souk.application.ports.job_queue import JobAttempt
from souk.application.shared.ids import new_id
from souk.domain.media.errors import MediaWrongKind
from souk.domain.media.values import FileDeclaration, MediaKind, MediaStatus
from souk.domain.media.video_job import JobStatus
from tests.media_support import photo_with_gps
from tests.unit.media.test_media_use_cases import World


class Images(World):
    def __init__(self, codec: ImageCodec) -> None:
        super().__init__()
        self.codec = codec

    async def uploaded_image(self, owner: UUID, data: bytes) -> UUID:
        (media_id,) = await self.request(owner, MediaKind.IMAGE, FileDeclaration("image/jpeg", len(data), "p.jpg"))
        self.blobs.put(await self.original_key(media_id), data, "image/jpeg")
        return media_id

    async def process_image(self, owner: UUID, media_id: UUID) -> UUID:
        uow, media, jobs = self.uow()
        return await RequestImageProcessing(
            uow, media, jobs, self.blobs, self.queue, self.clock, self.ids, self.settings
        )(owner, media_id)

    async def run_image_job(self, job_id: UUID, attempt: int = 1, of: int = 3) -> None:
        uow, media, jobs = self.uow()
        job = ProcessImage(uow, media, jobs, self.blobs, self.codec, self.clock, self.settings, TempScratchSpace())
        await job(job_id, JobAttempt(attempt, of))

    async def image_view(self, owner: UUID, job_id: UUID) -> VideoJobView:
        uow, _, jobs = self.uow()
        return await GetVideoJob(uow, jobs, InMemoryMediaRepository(uow), self.blobs)(owner, job_id)


async def test_an_image_becomes_variants_at_stable_keys_and_the_original_stays() -> None:
    w = Images(PillowImageCodec())
    owner, photo = new_id(), photo_with_gps()
    media_id = await w.uploaded_image(owner, photo)
    job_id = await w.process_image(owner, media_id)
    assert w.queue.jobs[-1].name == PROCESS_IMAGE_JOB
    assert w.queue.jobs[-1].key == f"image:{job_id}"
    await w.run_image_job(job_id)
    view = await w.image_view(owner, job_id)
    assert view.job.status is JobStatus.SUCCEEDED
    assert view.image is not None
    prefix = f"media/{owner}/{media_id}/image/"
    assert {v.url for v in view.image.variants} == {
        f"memory://{prefix}{size}.{ext}" for size in (320, 640, 1280) for ext in ("jpg", "webp")
    }
    assert view.image.url == f"memory://{prefix}1280.jpg"
    assert w.blobs.blobs[await w.original_key(media_id)][0] == photo  # kept for its owner, as sent
    _, media, _ = w.uow()
    stored = await media.get(media_id)
    assert stored is not None
    assert stored.status is MediaStatus.READY


async def test_a_video_is_not_processed_as_an_image() -> None:
    w = Images(PillowImageCodec())
    owner = new_id()
    media_id = await w.uploaded_video(owner)
    with pytest.raises(MediaWrongKind):
        await w.process_image(owner, media_id)


class LeakyCodec:
    def render(
        self, data: bytes, content_type: str, sizes: Sequence[int], formats: Sequence[str], max_pixels: int
    ) -> list[RenderedImage]:
        raise OSError(f"[Errno 28] No space left on device: '{tempfile.gettempdir()}/souk-video-x1/out/a.jpg'")


async def test_an_unexpected_failure_is_retried_then_fails_without_scratch_paths() -> None:
    w = Images(LeakyCodec())
    owner = new_id()
    job_id = await w.process_image(owner, await w.uploaded_image(owner, photo_with_gps(64, 48)))
    with pytest.raises(OSError, match="souk-video-"):
        await w.run_image_job(job_id, attempt=1, of=2)
    retrying = (await w.image_view(owner, job_id)).job
    assert retrying.status is JobStatus.QUEUED
    await w.run_image_job(job_id, attempt=2, of=2)
    failed = (await w.image_view(owner, job_id)).job
    assert failed.status is JobStatus.FAILED
    for error in (retrying.error, failed.error):
        assert error is not None
        assert "souk-video-" not in error
        assert tempfile.gettempdir() not in error
        assert "No space left on device: 'out/a.jpg'" in error
