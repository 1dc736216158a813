from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from souk.domain.media.values import VideoMetadata

ProgressCallback = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class TranscodeResult:
    """Files written under the output directory, by path relative to it."""

    files: tuple[str, ...]
    hls_master: str
    dash_manifest: str
    thumbnail: str


class Transcoder(Protocol):
    """Turns an untrusted video file into streamable renditions. Raises ``MediaRejected``
    for files that are unusable or hostile (never retried)."""

    async def probe(self, source: Path, content_type: str) -> VideoMetadata: ...

    async def transcode(
        self,
        source: Path,
        content_type: str,
        metadata: VideoMetadata,
        output_dir: Path,
        on_progress: ProgressCallback,
    ) -> TranscodeResult: ...
