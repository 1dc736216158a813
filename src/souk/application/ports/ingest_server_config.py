from __future__ import annotations

from pathlib import Path
from typing import Protocol


class IngestServerConfig(Protocol):
    """The configuration file of the RTMP ingest server that calls Souk's ingest hooks."""

    def render(
        self,
        run_dir: Path,
        module_path: str | None = None,
        *,
        built_in: bool = False,
        user: str | None = None,
        hooks_base_url: str | None = None,
    ) -> str:
        """The whole file. ``run_dir`` holds its pid file and logs; ``module_path`` is the
        RTMP module to load (the server's usual one when ``None``); ``built_in``: the
        server has the module compiled in, load nothing; ``user``: ``"user group"`` the
        server's workers run as (``None``: no such line); ``hooks_base_url``: where Souk's
        hooks are, instead of the configured address."""
        ...
