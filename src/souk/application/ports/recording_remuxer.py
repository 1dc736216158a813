from __future__ import annotations

from pathlib import Path
from typing import Protocol


class RecordingRemuxer(Protocol):
    """Turns a live recording (FLV from the RTMP server) into an MP4 the media pipeline
    accepts, without re-encoding."""

    async def to_mp4(self, source: Path, destination: Path) -> None: ...
