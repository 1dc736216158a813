"""The whole job (verification, probe, limits) with the real FFmpeg adapter on files that
bypassed upload checks, as they can on S3 servers that do not enforce upload policies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from souk.adapters.ffmpeg.transcoder import FfmpegLimits, FfmpegTranscoder
from souk.application.shared.ids import new_id
from souk.domain.media.values import FileDeclaration, MediaKind
from souk.domain.media.video_job import JobStatus
from tests.media_support import Clip, binaries, clip_with_location, huge_declared_resolution
from tests.unit.media.test_media_use_cases import World

pytestmark = pytest.mark.slow


def world() -> World:
    w = World()
    w.transcoder = FfmpegTranscoder(binaries(), FfmpegLimits(preset="ultrafast", threads=1))  # type: ignore[assignment]
    return w


async def run(w: World, data: bytes, content_type: str) -> tuple[JobStatus, str | None]:
    owner = new_id()
    (media_id,) = await w.request(owner, MediaKind.VIDEO, FileDeclaration(content_type, len(data), "upload"))
    w.blobs.put(await w.original_key(media_id), data, content_type)
    job_id = await w.process_request(owner, media_id)
    await w.run_job(job_id)
    job = (await w.view(owner, job_id)).job
    return job.status, job.error


async def test_a_real_clip_succeeds_through_the_whole_job(clips: dict[str, Clip], tmp_path: Path) -> None:
    w = world()
    tagged = clip_with_location(clips["small"].path, tmp_path / "tagged.mov").read_bytes()
    assert b"+48.8566+002.3522" in tagged
    status, error = await run(w, tagged, "video/quicktime")
    assert (status, error) == (JobStatus.SUCCEEDED, None)
    assert any(key.endswith("/stream/master.m3u8") for key in w.blobs.blobs)
    outputs = {key: data for key, (data, _) in w.blobs.blobs.items() if key.startswith("media/")}
    assert len(outputs) > 5
    for key, data in outputs.items():  # video outputs carry no source metadata
        assert b"48.8566" not in data, key
        assert b"Secret Phone" not in data, key


async def test_a_huge_declared_resolution_fails_before_any_decoding(tmp_path: Path) -> None:
    bomb = huge_declared_resolution(tmp_path / "bomb.mov")
    status, error = await run(world(), bomb.read_bytes(), "video/quicktime")
    assert status is JobStatus.FAILED
    assert error == "The video is 16000x16000; at most 4096 pixels a side are accepted."


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n#EXTINF:1,\nhttp://169.254.169.254/\n", "an HLS playlist"),
        (os.urandom(8192), "unrecognised binary data"),
        # A valid-looking header followed by garbage gets past sniffing: FFmpeg must refuse it.
        (b"\x00\x00\x00\x20ftypisom" + os.urandom(8192), "could not be read as a video"),
        (b"\x1a\x45\xdf\xa3" + os.urandom(8192), "could not be read as a video"),
    ],
)
async def test_hostile_files_end_failed_in_plain_words(data: bytes, reason: str) -> None:
    content_type = "video/webm" if data.startswith(b"\x1a\x45") else "video/mp4"
    status, error = await run(world(), data, content_type)
    assert status is JobStatus.FAILED
    assert error is not None
    assert reason in error
