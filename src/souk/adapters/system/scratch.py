"""Scratch space in the system's temporary directory (``TMPDIR``)."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from souk.application.ports.scratch_space import ScratchSpace


def scratch_prefix(purpose: str) -> str:
    """How a scratch directory's name starts: ``souk-video-``, ``souk-recording-``."""
    return f"souk-{purpose}-"


# A path inside a scratch directory, up to the name within it ("out/seg_3.m4s").
_SCRATCH_PATH = re.compile(r"[^\s'\"(\[]*souk-[a-z]+-[^/\\\s'\"]*[/\\]?")


class TempScratchSpace(ScratchSpace):
    def __init__(self, root: Path | None = None) -> None:
        self._root = root

    @contextmanager
    def directory(self, purpose: str) -> Iterator[Path]:
        # "<prefix><pid>-<random>": a worker starting removes those of dead processes.
        prefix = f"{scratch_prefix(purpose)}{os.getpid()}-"
        with tempfile.TemporaryDirectory(prefix=prefix, dir=self._root) as path:
            yield Path(path)

    def hides_paths(self, text: str) -> str:
        return _SCRATCH_PATH.sub("", text)
