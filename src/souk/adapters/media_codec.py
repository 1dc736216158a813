"""Plain-dict forms of media value objects, shared by the SQL and in-memory adapters."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from souk.domain.media.values import ImageOutputs, ImageVariant, VideoMetadata, VideoOutputs


def metadata_to_json(value: VideoMetadata | None) -> dict[str, Any] | None:
    return asdict(value) if value else None


def metadata_from_json(value: Any) -> VideoMetadata | None:
    return VideoMetadata(**value) if value else None


def outputs_to_json(value: VideoOutputs | None) -> dict[str, Any] | None:
    return asdict(value) if value else None


def outputs_from_json(value: Any) -> VideoOutputs | None:
    return VideoOutputs(**value) if value else None


def image_to_json(value: ImageOutputs | None) -> dict[str, Any] | None:
    return asdict(value) if value else None


def image_from_json(value: Any) -> ImageOutputs | None:
    if not value:
        return None
    variants = tuple(ImageVariant(**variant) for variant in value["variants"])
    return ImageOutputs(value["width"], value["height"], variants)
