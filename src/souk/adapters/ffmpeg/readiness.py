from __future__ import annotations

import os
import shutil

from souk.adapters.ffmpeg.binaries import FfmpegBinaries
from souk.application.ports.readiness_probe import ReadinessProbe

FFMPEG = "ffmpeg"


class FfmpegReadinessProbe(ReadinessProbe):
    """The ffmpeg (and ffprobe, when one is configured) the jobs run are there and
    executable: checked on the file, not by running it, so ``/ready`` stays cheap."""

    name = "ffmpeg"
    dependency = FFMPEG

    def __init__(self, binaries: FfmpegBinaries) -> None:
        self._paths = [p for p in (binaries.ffmpeg, binaries.ffprobe) if p]

    async def check(self) -> None:
        for path in self._paths:
            found = shutil.which(path)
            if found is None or not os.access(found, os.X_OK):
                raise FileNotFoundError(f"{os.path.basename(path)} is missing or not executable")
