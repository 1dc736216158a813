"""Scratch directories of jobs (video transcodes, recording imports) that a killed process
could not remove: up to the size of an upload each (500 MB)."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from souk.adapters.system.scratch import scratch_prefix
from souk.application.media.process_video import SCRATCH_PURPOSE
from souk.application.streams.import_recording import RECORDING_SCRATCH_PURPOSE

log = logging.getLogger("souk.media")
PREFIXES = (scratch_prefix(SCRATCH_PURPOSE), scratch_prefix(RECORDING_SCRATCH_PURPOSE))


def remove_stale_scratch(max_age_s: float, root: Path | None = None) -> int:
    """Remove job scratch directories whose process is gone (their name carries its pid), and
    any untouched for longer than a job may run (a name without a pid, or a pid reused since).
    A directory of a live process of this host is kept: it may hold a running job."""
    base = root or Path(tempfile.gettempdir())
    cutoff = time.time() - max_age_s
    removed = 0
    for prefix in PREFIXES:
        for path in base.glob(f"{prefix}*"):
            try:
                if not path.is_dir():
                    continue
                owner = _owner_pid(path.name.removeprefix(prefix))
                if (owner is not None and not _alive(owner)) or path.stat().st_mtime < cutoff:
                    shutil.rmtree(path, ignore_errors=True)
                    removed += 1
            except OSError:
                continue
    if removed:
        # how many, never where: scratch paths stay out of logs and job errors
        log.info("media.stale_scratch_removed", extra={"count": removed})
    return removed


def _owner_pid(rest: str) -> int | None:
    head, dash, _ = rest.partition("-")
    return int(head) if dash and head.isdigit() else None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True
