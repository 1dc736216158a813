"""Scratch directories of video jobs that a killed process could not remove."""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from pathlib import Path

from souk.adapters.system.scratch import scratch_prefix
from souk.application.media.process_video import SCRATCH_PURPOSE

log = logging.getLogger("souk.media")


def remove_stale_scratch(max_age_s: float, root: Path | None = None) -> int:
    """Remove job scratch directories untouched for longer than any job may run (others,
    younger, may belong to a live job of another process on this host)."""
    base = root or Path(tempfile.gettempdir())
    cutoff = time.time() - max_age_s
    removed = 0
    for path in base.glob(f"{scratch_prefix(SCRATCH_PURPOSE)}*"):
        try:
            if path.is_dir() and path.stat().st_mtime < cutoff:
                shutil.rmtree(path, ignore_errors=True)
                removed += 1
        except OSError:
            continue
    if removed:
        log.info("media.stale_scratch_removed", extra={"count": removed})
    return removed
