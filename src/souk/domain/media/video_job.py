"""A request to process one video: what a client polls for status and progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from souk.domain.media.values import MediaKind, VideoMetadata, VideoOutputs


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass
class VideoJob:
    id: UUID
    media_id: UUID
    owner_id: UUID
    status: JobStatus
    progress: float
    attempts: int
    created_at: datetime
    updated_at: datetime
    error: str | None = None
    metadata: VideoMetadata | None = None
    outputs: VideoOutputs | None = None
    kind: MediaKind = MediaKind.VIDEO  # images are processed by the same kind of job

    @classmethod
    def queued(
        cls, job_id: UUID, media_id: UUID, owner_id: UUID, now: datetime, kind: MediaKind = MediaKind.VIDEO
    ) -> VideoJob:
        return cls(job_id, media_id, owner_id, JobStatus.QUEUED, 0.0, 0, now, now, kind=kind)

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    def start(self, now: datetime) -> None:
        self.status = JobStatus.RUNNING
        self.attempts += 1
        self.progress = 0.0
        self.updated_at = now

    def advance(self, progress: float, now: datetime) -> None:
        self.progress = min(1.0, max(self.progress, progress))
        self.updated_at = now

    def retry_later(self, reason: str, now: datetime) -> None:
        self.status = JobStatus.QUEUED
        self.error = reason
        self.updated_at = now

    def succeed(self, metadata: VideoMetadata, outputs: VideoOutputs, now: datetime) -> None:
        self.status = JobStatus.SUCCEEDED
        self.progress = 1.0
        self.error = None
        self.metadata = metadata
        self.outputs = outputs
        self.updated_at = now

    def succeed_image(self, now: datetime) -> None:
        self.status = JobStatus.SUCCEEDED
        self.progress = 1.0
        self.error = None
        self.updated_at = now

    def fail(self, reason: str, now: datetime, metadata: VideoMetadata | None = None) -> None:
        self.status = JobStatus.FAILED
        self.error = reason
        self.metadata = metadata or self.metadata
        self.updated_at = now
