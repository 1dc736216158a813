"""Knobs of media use cases, filled from configuration by the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

PROCESS_VIDEO_JOB = "media.process_video"
PROCESS_IMAGE_JOB = "media.process_image"

TRANSCODE_TIMEOUT_S = 1800  # FFmpeg's own wall-clock limit of one transcode (SOUK_MEDIA_JOB_TIMEOUT_S)


@dataclass(frozen=True, slots=True)
class MediaSettings:
    upload_url_ttl: timedelta = timedelta(minutes=15)
    max_duration_s: float = 15 * 60
    max_dimension: int = 4096
    # FFmpeg's limit fires first, then the job's own (its failure gets recorded), then the
    # queue's for one attempt: each leaves a reason. ``for_transcode`` keeps them in that order.
    processing_timeout_s: float = TRANSCODE_TIMEOUT_S + 30
    job_timeout_s: int = TRANSCODE_TIMEOUT_S + 60
    job_max_attempts: int = 3
    image_timeout_s: float = 120  # decoding and encoding one image of at most 50 megapixels

    @classmethod
    def for_transcode(cls, transcode_timeout_s: int) -> MediaSettings:
        return cls(processing_timeout_s=transcode_timeout_s + 30, job_timeout_s=transcode_timeout_s + 60)
