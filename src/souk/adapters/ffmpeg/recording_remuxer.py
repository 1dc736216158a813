from __future__ import annotations

from pathlib import Path

from souk.adapters.ffmpeg.binaries import FfmpegBinaries
from souk.adapters.ffmpeg.process import run_limited
from souk.application.ports.recording_remuxer import RecordingRemuxer


class FfmpegRecordingRemuxer(RecordingRemuxer):
    """FLV (what nginx-rtmp records) → MP4 by copying the streams: fast, no re-encoding.
    The input is our own RTMP server's file; the demuxer is forced all the same."""

    def __init__(self, binaries: FfmpegBinaries, timeout_s: float = 600.0) -> None:
        self._ffmpeg = binaries.ffmpeg
        self._timeout_s = timeout_s

    async def to_mp4(self, source: Path, destination: Path) -> None:
        argv = [
            self._ffmpeg, "-hide_banner", "-nostdin", "-y", "-protocol_whitelist", "file",
            "-f", "flv", "-i", str(source), "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy",
            "-movflags", "+faststart", "-f", "mp4", str(destination),
        ]  # fmt: skip
        done = await run_limited(argv, timeout_s=self._timeout_s)
        if done.returncode != 0:
            raise RuntimeError(f"ffmpeg could not remux the recording: {done.stderr.strip()[-500:]}")
