"""Knobs of media use cases, filled from configuration by the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

PROCESS_VIDEO_JOB = "media.process_video"
PROCESS_IMAGE_JOB = "media.process_image"


@dataclass(frozen=True, slots=True)
class MediaSettings:
    upload_url_ttl: timedelta = timedelta(minutes=15)
    max_duration_s: float = 15 * 60
    max_dimension: int = 4096
    job_timeout_s: int = 1800  # one attempt, as the job queue enforces it
    processing_timeout_s: float = 1770  # the job's own limit, inside the queue's: failures get recorded
    job_max_attempts: int = 3
    image_timeout_s: float = 120  # decoding and encoding one image of at most 50 megapixels
