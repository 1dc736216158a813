"""Plain-dict forms of media value objects, shared by the SQL and in-memory adapters."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from souk.domain.media.values import VideoMetadata, VideoOutputs


def metadata_to_json(value: VideoMetadata | None) -> dict[str, Any] | None:
    return asdict(value) if value else None


def metadata_from_json(value: Any) -> VideoMetadata | None:
    return VideoMetadata(**value) if value else None


def outputs_to_json(value: VideoOutputs | None) -> dict[str, Any] | None:
    return asdict(value) if value else None


def outputs_from_json(value: Any) -> VideoOutputs | None:
    return VideoOutputs(**value) if value else None
