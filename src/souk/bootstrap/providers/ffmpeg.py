"""Media codecs: FFmpeg (video transcoding and recording remuxing, with their limits) and
Pillow (images)."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from souk.adapters.ffmpeg.binaries import locate_binaries
from souk.adapters.ffmpeg.recording_remuxer import FfmpegRecordingRemuxer
from souk.adapters.ffmpeg.transcoder import FfmpegLimits, FfmpegTranscoder
from souk.adapters.pillow.image_codec import PillowImageCodec
from souk.application.ports.image_codec import ImageCodec
from souk.application.ports.recording_remuxer import RecordingRemuxer
from souk.application.ports.transcoder import Transcoder
from souk.bootstrap.settings import Settings


class FfmpegProvider(Provider):
    scope = Scope.APP

    @provide
    def transcoder(self, settings: Settings) -> Transcoder:
        limits = FfmpegLimits(
            timeout_s=settings.media_job_timeout_s,
            max_output_bytes=settings.media_max_output_mb * 1024 * 1024,
            threads=settings.ffmpeg_threads,
        )
        return FfmpegTranscoder(locate_binaries(settings.ffmpeg, settings.ffprobe), limits)

    @provide
    def remuxer(self, settings: Settings) -> RecordingRemuxer:
        return FfmpegRecordingRemuxer(locate_binaries(settings.ffmpeg, settings.ffprobe))

    @provide
    def image_codec(self) -> ImageCodec:
        return PillowImageCodec()
