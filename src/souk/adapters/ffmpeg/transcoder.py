from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from souk.adapters.ffmpeg.binaries import FfmpegBinaries
from souk.adapters.ffmpeg.probe import from_ffmpeg_report, from_ffprobe_json
from souk.adapters.ffmpeg.process import run_limited
from souk.application.ports.transcoder import ProgressCallback, Transcoder, TranscodeResult
from souk.domain.media.errors import MediaRejected
from souk.domain.media.values import FAMILY, VideoMetadata

# The demuxer is always forced from the sniffed type, so a text playlist, a concat list or
# an image sequence renamed .mp4 is never interpreted as one; the mov demuxer's external
# data references stay disabled; only the ``file`` protocol is allowed for the input.
DEMUXER = {"isobmff": "mov", "matroska": "matroska"}
# No single allocation above 256 MiB: a header declaring a gigantic picture cannot make a
# decoder reserve gigabytes (a 4096x4096 frame needs 25 MiB).
MAX_ALLOC = str(256 * 1024 * 1024)
MASTER = "master.m3u8"
MANIFEST = "manifest.mpd"
THUMBNAIL = "thumbnail.jpg"


@dataclass(frozen=True, slots=True)
class Rung:
    short_side: int
    video_kbps: int


LADDER = (Rung(1080, 5000), Rung(720, 2800))
LOW_RUNG = Rung(360, 800)


@dataclass(frozen=True, slots=True)
class FfmpegLimits:
    timeout_s: float = 1800
    probe_timeout_s: float = 30
    max_output_bytes: int = 2 * 1024 * 1024 * 1024
    threads: int = 2
    preset: str = "veryfast"


def ladder_for(metadata: VideoMetadata) -> list[Rung]:
    """1080p and 720p where the source is at least that big, plus a low rung that never upscales."""
    rungs = [rung for rung in LADDER if metadata.short_side >= rung.short_side]
    rungs.append(Rung(min(LOW_RUNG.short_side, metadata.short_side // 2 * 2), LOW_RUNG.video_kbps))
    return rungs


class FfmpegTranscoder(Transcoder):
    def __init__(self, binaries: FfmpegBinaries, limits: FfmpegLimits | None = None) -> None:
        self._bin = binaries
        self._limits = limits or FfmpegLimits()

    async def probe(self, source: Path, content_type: str) -> VideoMetadata:
        fmt = _demuxer(content_type)
        safe_input = ["-protocol_whitelist", "file", "-f", fmt]
        if self._bin.ffprobe:
            argv = [self._bin.ffprobe, "-v", "error", "-max_alloc", MAX_ALLOC, *safe_input, "-show_entries"]
            argv += ["format=duration,bit_rate:stream=codec_type,codec_name,width,height,duration", "-of", "json"]
            done = await run_limited([*argv, f"file:{source}"], timeout_s=self._limits.probe_timeout_s)
            if done.returncode != 0:
                raise MediaRejected(f"The file could not be read as a video ({_last_line(done.stderr)}).")
            return from_ffprobe_json(done.stdout)
        argv = [
            self._bin.ffmpeg,
            "-hide_banner",
            "-nostdin",
            "-max_alloc",
            MAX_ALLOC,
            *safe_input,
            "-i",
            f"file:{source}",
        ]
        done = await run_limited(argv, timeout_s=self._limits.probe_timeout_s)
        if "Invalid data found" in done.stderr or "Duration:" not in done.stderr:
            raise MediaRejected(f"The file could not be read as a video ({_last_line(done.stderr)}).")
        return from_ffmpeg_report(done.stderr)

    async def transcode(
        self,
        source: Path,
        content_type: str,
        metadata: VideoMetadata,
        output_dir: Path,
        on_progress: ProgressCallback,
    ) -> TranscodeResult:
        await self._thumbnail(source, content_type, metadata, output_dir / THUMBNAIL)
        total_us = max(metadata.duration_s, 0.001) * 1_000_000

        async def progress(block: dict[str, str]) -> None:
            raw = block.get("out_time_us") or block.get("out_time_ms") or "0"
            done_us = int(raw) if raw.lstrip("-").isdigit() else 0
            await on_progress(1.0 if block.get("progress") == "end" else max(0.0, min(1.0, done_us / total_us)))

        argv = self.ladder_argv(source, content_type, metadata, output_dir)
        done = await run_limited(
            argv,
            timeout_s=self._limits.timeout_s,
            watch_dir=output_dir,
            max_output_bytes=self._limits.max_output_bytes,
            on_progress=progress,
        )
        files = await asyncio.to_thread(_files_under, output_dir)
        if done.returncode != 0 or MASTER not in files:
            raise MediaRejected(f"The video could not be transcoded ({_last_line(done.stderr)}).")
        return TranscodeResult(files, MASTER, MANIFEST, THUMBNAIL)

    def _input(self, source: Path, content_type: str) -> list[str]:
        return ["-protocol_whitelist", "file", "-f", _demuxer(content_type), "-i", f"file:{source}"]

    def _base(self) -> list[str]:
        return [self._bin.ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-max_alloc", MAX_ALLOC, "-y"]

    async def _thumbnail(self, source: Path, content_type: str, metadata: VideoMetadata, target: Path) -> None:
        done = await run_limited(
            self.thumbnail_argv(source, content_type, metadata, target), timeout_s=self._limits.probe_timeout_s
        )
        if done.returncode != 0 or not await asyncio.to_thread(target.is_file):
            raise MediaRejected(f"No thumbnail could be made from the video ({_last_line(done.stderr)}).")

    def thumbnail_argv(self, source: Path, content_type: str, metadata: VideoMetadata, target: Path) -> list[str]:
        at = f"{min(1.0, metadata.duration_s / 2):.3f}"
        scale = "scale=-2:'min(360,ih)'" if metadata.width >= metadata.height else "scale='min(360,iw)':-2"
        argv = [*self._base(), "-threads", "1", "-ss", at, *self._input(source, content_type)]
        argv += ["-frames:v", "1", "-vf", scale, "-q:v", "3", "-map_metadata", "-1"]  # no source tags
        return [*argv, "-f", "image2", "-update", "1", f"file:{target}"]

    def ladder_argv(self, source: Path, content_type: str, metadata: VideoMetadata, output_dir: Path) -> list[str]:
        """The one ffmpeg command that encodes every rung once into fMP4 segments shared by
        the DASH manifest and the HLS playlists."""
        rungs = ladder_for(metadata)
        landscape = metadata.width >= metadata.height
        splits = "".join(f"[s{i}]" for i in range(len(rungs)))
        graph = [f"[0:v]split={len(rungs)}{splits}"]
        for i, rung in enumerate(rungs):
            size = f"-2:{rung.short_side}" if landscape else f"{rung.short_side}:-2"
            graph.append(f"[s{i}]scale={size},setsar=1,format=yuv420p[v{i}]")
        argv = [*self._base(), *self._input(source, content_type), "-filter_complex", ";".join(graph)]
        argv += ["-filter_complex_threads", "1"]
        for i in range(len(rungs)):
            argv += ["-map", f"[v{i}]"]
        has_audio = metadata.audio_codec is not None
        if has_audio:
            argv += ["-map", "0:a:0", "-c:a", "aac", "-b:a", "128k", "-ac", "2"]
        argv += ["-c:v", "libx264", "-preset", self._limits.preset, "-profile:v", "main"]
        argv += ["-force_key_frames", "expr:gte(t,n_forced*2)", "-sc_threshold", "0"]
        for i, rung in enumerate(rungs):
            kbps = rung.video_kbps
            argv += [f"-b:v:{i}", f"{kbps}k", f"-maxrate:v:{i}", f"{kbps * 3 // 2}k", f"-bufsize:v:{i}", f"{kbps * 2}k"]
        sets = "id=0,streams=v id=1,streams=a" if has_audio else "id=0,streams=v"
        argv += ["-threads", str(self._limits.threads), "-map_metadata", "-1", "-map_chapters", "-1"]
        argv += ["-f", "dash", "-seg_duration", "4", "-use_template", "1", "-use_timeline", "1"]
        argv += ["-adaptation_sets", sets, "-hls_playlist", "1", "-hls_master_name", MASTER]
        argv += ["-progress", "pipe:1", "-nostats", f"file:{output_dir / MANIFEST}"]
        return argv


def _demuxer(content_type: str) -> str:
    family = FAMILY.get(content_type)
    if family not in DEMUXER:
        raise MediaRejected(f"{content_type} is not a video format we process.")
    return DEMUXER[family]


def _files_under(directory: Path) -> tuple[str, ...]:
    return tuple(sorted(str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file()))


def _last_line(stderr: str) -> str:
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "no details"
