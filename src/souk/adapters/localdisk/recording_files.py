"""Recordings the RTMP server (nginx-rtmp) wrote to a folder Souk can read."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from souk.application.ports.recording_files import RecordingFiles


class LocalRecordingFiles(RecordingFiles):
    def __init__(self, folder: Path) -> None:
        self._folder = folder.resolve()

    def find(self, path: str) -> Path | None:
        file = Path(os.path.realpath(path))
        return file if file.is_relative_to(self._folder) and file.is_file() else None

    def size(self, file: Path) -> int:
        return file.stat().st_size

    def discard(self, file: Path) -> None:
        with contextlib.suppress(OSError):
            file.unlink()
