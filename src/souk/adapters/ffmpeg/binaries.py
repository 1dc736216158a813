"""Which ffmpeg/ffprobe to run: the configured ones, else the system's, else the ffmpeg
shipped in the imageio-ffmpeg wheel (which has no ffprobe: probing then parses ``ffmpeg -i``)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FfmpegBinaries:
    ffmpeg: str
    ffprobe: str | None


def locate_binaries(ffmpeg: str | None = None, ffprobe: str | None = None) -> FfmpegBinaries:
    found_ffmpeg = ffmpeg or shutil.which("ffmpeg") or _bundled_ffmpeg()
    found_ffprobe = ffprobe or (shutil.which("ffprobe") if not ffmpeg else _sibling_ffprobe(ffmpeg))
    return FfmpegBinaries(found_ffmpeg, found_ffprobe)


def _bundled_ffmpeg() -> str:
    import imageio_ffmpeg  # type: ignore[import-untyped]

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def _sibling_ffprobe(ffmpeg: str) -> str | None:
    from pathlib import Path

    candidate = Path(ffmpeg).with_name("ffprobe")
    return str(candidate) if candidate.is_file() else None
