"""Read a video's facts with ffprobe's JSON, or from ``ffmpeg -i``'s report when there is no ffprobe."""

from __future__ import annotations

import json
import re
from typing import Any

from souk.domain.media.errors import MediaRejected
from souk.domain.media.values import VideoMetadata

_DURATION = re.compile(r"Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)")
_BITRATE = re.compile(r"Duration:.*?bitrate: (\d+) kb/s")
_VIDEO = re.compile(r"Stream #\d+:\d+.*?: Video: ([A-Za-z0-9_]+).*?[ ,](\d{1,6})x(\d{1,6})[ ,\n]")
_AUDIO = re.compile(r"Stream #\d+:\d+.*?: Audio: ([A-Za-z0-9_]+)")


def from_ffprobe_json(raw: str) -> VideoMetadata:
    try:
        data: dict[str, Any] = json.loads(raw)
    except ValueError:
        raise MediaRejected("The file could not be read as a video.") from None
    streams = data.get("streams") or []
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    if video is None or not video.get("width") or not video.get("height"):
        raise MediaRejected("The file has no video stream.")
    fmt = data.get("format") or {}
    duration = _float(fmt.get("duration")) or _float(video.get("duration"))
    if not duration:
        raise MediaRejected("The video's duration could not be read.")
    return VideoMetadata(
        duration_s=duration,
        width=int(video["width"]),
        height=int(video["height"]),
        bitrate=int(fmt["bit_rate"]) if str(fmt.get("bit_rate", "")).isdigit() else None,
        video_codec=str(video.get("codec_name", "unknown")),
        audio_codec=str(audio["codec_name"]) if audio and audio.get("codec_name") else None,
    )


def from_ffmpeg_report(report: str) -> VideoMetadata:
    video = _VIDEO.search(report)
    if video is None:
        raise MediaRejected("The file has no video stream.")
    duration = _DURATION.search(report)
    if duration is None:
        raise MediaRejected("The video's duration could not be read.")
    hours, minutes, seconds = duration.groups()
    bitrate = _BITRATE.search(report)
    audio = _AUDIO.search(report)
    return VideoMetadata(
        duration_s=int(hours) * 3600 + int(minutes) * 60 + float(seconds),
        width=int(video.group(2)),
        height=int(video.group(3)),
        bitrate=int(bitrate.group(1)) * 1000 if bitrate else None,
        video_codec=video.group(1),
        audio_codec=audio.group(1) if audio else None,
    )


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
