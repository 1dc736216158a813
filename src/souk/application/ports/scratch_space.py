from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol


class ScratchSpace(Protocol):
    """Private working directories on local disk for a job's intermediate files."""

    def directory(self, purpose: str) -> AbstractContextManager[Path]:
        """A fresh, empty directory only this process uses, removed with everything in it
        when the block ends, however it ends. ``purpose`` names it for operators."""
        ...

    def hides_paths(self, text: str) -> str:
        """``text`` (an error from a tool that ran in a scratch directory) with every
        scratch path replaced by its name within the directory: such text may reach users."""
        ...
