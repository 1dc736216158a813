"""The FFmpeg adapter on real generated clips, and on hostile files."""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from souk.adapters.ffmpeg.binaries import FfmpegBinaries
from souk.adapters.ffmpeg.transcoder import FfmpegLimits, FfmpegTranscoder
from souk.domain.media.errors import MediaRejected
from tests.media_support import Clip, binaries, ffprobe_path, ffprobe_streams

pytestmark = pytest.mark.slow


def transcoder(**limits: float | int | str) -> FfmpegTranscoder:
    return FfmpegTranscoder(binaries(), FfmpegLimits(**limits))  # type: ignore[arg-type]


def without_ffprobe() -> FfmpegTranscoder:
    return FfmpegTranscoder(FfmpegBinaries(binaries().ffmpeg, None))


class Progress:
    def __init__(self) -> None:
        self.values: list[float] = []

    async def __call__(self, fraction: float) -> None:
        self.values.append(fraction)


@pytest.mark.parametrize("probe_with", ["ffprobe", "ffmpeg -i"])
async def test_probe_reads_duration_size_and_codecs(clips: dict[str, Clip], probe_with: str) -> None:
    if probe_with == "ffprobe":
        ffprobe_path()
    t = transcoder() if probe_with == "ffprobe" else without_ffprobe()
    landscape = await t.probe(clips["landscape"].path, "video/mp4")
    assert (landscape.width, landscape.height) == (1280, 720)
    assert landscape.duration_s == pytest.approx(1.5, abs=0.1)
    assert (landscape.video_codec, landscape.audio_codec) == ("h264", "aac")
    assert landscape.bitrate is not None
    assert landscape.bitrate > 0
    portrait = await t.probe(clips["portrait"].path, "video/mp4")
    assert (portrait.width, portrait.height, portrait.audio_codec) == (360, 640, None)


async def test_landscape_with_audio_becomes_hls_and_dash(clips: dict[str, Clip], tmp_path: Path) -> None:
    t = transcoder(preset="ultrafast")
    clip = clips["landscape"]
    metadata = await t.probe(clip.path, clip.content_type)
    progress = Progress()
    result = await t.transcode(clip.path, clip.content_type, metadata, tmp_path, progress)

    master = (tmp_path / result.hls_master).read_text()
    variants = [line for line in master.splitlines() if line.startswith("#EXT-X-STREAM-INF")]
    assert len(variants) == 2
    assert "RESOLUTION=1280x720" in variants[0]
    assert "RESOLUTION=640x360" in variants[1]
    for line in variants:
        assert "BANDWIDTH=" in line
        assert 'CODECS="avc1.' in line
        assert "mp4a.40.2" in line
    assert "<MPD" in (tmp_path / result.dash_manifest).read_text()
    assert (tmp_path / result.thumbnail).read_bytes()[:3] == b"\xff\xd8\xff"
    assert progress.values[-1] == 1.0
    assert progress.values == sorted(progress.values)
    streams = ffprobe_streams(str(tmp_path / result.hls_master))
    assert {(s.get("codec_type"), s.get("height")) for s in streams} >= {
        ("video", 720),
        ("video", 360),
        ("audio", None),
    }


async def test_portrait_without_audio_keeps_its_orientation(clips: dict[str, Clip], tmp_path: Path) -> None:
    t = without_ffprobe()
    clip = clips["portrait"]
    metadata = await t.probe(clip.path, clip.content_type)
    result = await t.transcode(clip.path, clip.content_type, metadata, tmp_path, Progress())
    master = (tmp_path / result.hls_master).read_text()
    variants = [line for line in master.splitlines() if line.startswith("#EXT-X-STREAM-INF")]
    assert len(variants) == 1
    assert "RESOLUTION=360x640" in variants[0]
    assert "mp4a" not in master


async def test_quicktime_small_source_is_not_upscaled(clips: dict[str, Clip], tmp_path: Path) -> None:
    t = transcoder()
    clip = clips["small"]
    metadata = await t.probe(clip.path, clip.content_type)
    result = await t.transcode(clip.path, clip.content_type, metadata, tmp_path, Progress())
    assert "RESOLUTION=320x240" in (tmp_path / result.hls_master).read_text()


@pytest.fixture
def listener() -> Iterator[tuple[int, list[str]]]:
    """A TCP server on localhost that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    seen: list[str] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            seen.append(conn.recv(1024).decode(errors="replace"))
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], seen
    stop.set()
    thread.join()
    server.close()


def hostile_playlist(tmp_path: Path, port: int, secret: Path) -> Path:
    path = tmp_path / "evil.mp4"
    path.write_text(
        "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n"
        f"#EXTINF:1.0,\nfile://{secret}\n"
        "#EXTINF:1.0,\nfile:///etc/passwd\n"
        f"#EXTINF:1.0,\nhttp://127.0.0.1:{port}/exfiltrate\n"
        "#EXTINF:1.0,\nhttp://169.254.169.254/latest/meta-data/\n#EXT-X-ENDLIST\n"
    )
    return path


@pytest.mark.parametrize("make", ["ffprobe", "ffmpeg -i"])
async def test_a_playlist_renamed_mp4_is_rejected_without_following_it(
    tmp_path: Path, clips: dict[str, Clip], listener: tuple[int, list[str]], make: str
) -> None:
    port, seen = listener
    # The "secret" is a real video: had ffmpeg followed the playlist, probing would succeed.
    evil = hostile_playlist(tmp_path, port, clips["landscape"].path)
    t = transcoder() if make == "ffprobe" else without_ffprobe()
    with pytest.raises(MediaRejected, match="could not be read as a video"):
        await t.probe(evil, "video/mp4")
    metadata = await without_ffprobe().probe(clips["landscape"].path, "video/mp4")
    with pytest.raises(MediaRejected):
        await t.transcode(evil, "video/mp4", metadata, tmp_path / "out", Progress())
    await asyncio.sleep(0.3)
    assert seen == []


async def test_random_bytes_are_rejected(tmp_path: Path) -> None:
    junk = tmp_path / "junk.webm"
    junk.write_bytes(b"\x1a\x45\xdf\xa3" + os.urandom(64 * 1024))
    with pytest.raises(MediaRejected):
        await transcoder().probe(junk, "video/webm")


async def test_wall_clock_limit_stops_ffmpeg(clips: dict[str, Clip], tmp_path: Path) -> None:
    t = transcoder(timeout_s=0.05)
    clip = clips["landscape"]
    metadata = await without_ffprobe().probe(clip.path, clip.content_type)
    with pytest.raises(MediaRejected, match="took longer than"):
        await t.transcode(clip.path, clip.content_type, metadata, tmp_path, Progress())


async def test_output_size_limit_stops_ffmpeg(clips: dict[str, Clip], tmp_path: Path) -> None:
    t = transcoder(max_output_bytes=1000)
    clip = clips["landscape"]
    metadata = await t.probe(clip.path, clip.content_type)
    with pytest.raises(MediaRejected, match="produced more than"):
        await t.transcode(clip.path, clip.content_type, metadata, tmp_path, Progress())


@pytest.mark.parametrize("probe_with", ["ffprobe", "ffmpeg -i"])
async def test_webm_is_read_with_the_matroska_demuxer(clips: dict[str, Clip], tmp_path: Path, probe_with: str) -> None:
    t = transcoder(threads=1) if probe_with == "ffprobe" else without_ffprobe()
    clip = clips["webm"]
    metadata = await t.probe(clip.path, clip.content_type)
    assert (metadata.width, metadata.height, metadata.video_codec, metadata.audio_codec) == (320, 240, "vp9", "opus")
    result = await t.transcode(clip.path, clip.content_type, metadata, tmp_path, Progress())
    assert "RESOLUTION=320x240" in (tmp_path / result.hls_master).read_text()
