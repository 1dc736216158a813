from __future__ import annotations

from pathlib import Path
from typing import Protocol


class RecordingFiles(Protocol):
    """The RTMP server's recordings, on a disk Souk shares with it."""

    def find(self, path: str) -> Path | None:
        """The real file ``path`` names (symlinks resolved), only if it lies inside the
        configured recording folder and exists."""
        ...

    def size(self, file: Path) -> int: ...

    def discard(self, file: Path) -> None:
        """Delete a recording (it is in storage now, or was never wanted); a file already
        gone is not an error."""
        ...
