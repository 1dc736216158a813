"""Video works on a fresh machine: the ffmpeg shipped in the imageio-ffmpeg wheel is enough."""

from __future__ import annotations

from pathlib import Path

import imageio_ffmpeg  # type: ignore[import-untyped]
import pytest

from souk.adapters.ffmpeg import binaries as located
from souk.adapters.ffmpeg.binaries import FfmpegBinaries, locate_binaries
from souk.adapters.ffmpeg.transcoder import FfmpegLimits, FfmpegTranscoder
from tests.media_support import Clip


def test_overrides_win_then_the_system_then_the_bundled_binary(monkeypatch: pytest.MonkeyPatch) -> None:
    assert locate_binaries("/opt/ff/ffmpeg", "/opt/ff/ffprobe") == FfmpegBinaries("/opt/ff/ffmpeg", "/opt/ff/ffprobe")
    monkeypatch.setattr(located.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert locate_binaries() == FfmpegBinaries("/usr/bin/ffmpeg", "/usr/bin/ffprobe")
    monkeypatch.setattr(located.shutil, "which", lambda name: None)
    bundled = locate_binaries()
    assert bundled == FfmpegBinaries(imageio_ffmpeg.get_ffmpeg_exe(), None)


@pytest.mark.slow
async def test_the_bundled_ffmpeg_alone_probes_and_transcodes(clips: dict[str, Clip], tmp_path: Path) -> None:
    transcoder = FfmpegTranscoder(FfmpegBinaries(imageio_ffmpeg.get_ffmpeg_exe(), None), FfmpegLimits(threads=1))
    clip = clips["landscape"]
    metadata = await transcoder.probe(clip.path, clip.content_type)
    assert (metadata.width, metadata.height, metadata.audio_codec) == (1280, 720, "aac")

    async def ignore(_: float) -> None:
        return None

    result = await transcoder.transcode(clip.path, clip.content_type, metadata, tmp_path, ignore)
    master = (tmp_path / result.hls_master).read_text()
    assert "RESOLUTION=1280x720" in master
    assert 'CODECS="avc1.' in master
