from __future__ import annotations

from pathlib import Path
from typing import Protocol


class IngestServerConfig(Protocol):
    """The configuration file of the RTMP ingest server that calls Souk's ingest hooks."""

    def render(self, run_dir: Path, module_path: str | None = None, *, built_in: bool = False) -> str:
        """The whole file. ``run_dir`` holds its pid file and logs; ``module_path`` is the
        RTMP module to load (the server's usual one when ``None``); ``built_in``: the
        server has the module compiled in, load nothing."""
        ...
