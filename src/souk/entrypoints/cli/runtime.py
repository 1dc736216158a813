from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol

from dishka import AsyncContainer


class CliRuntime(Protocol):
    """What commands need from the composition root; bootstrap hands one in."""

    def container(self) -> AbstractAsyncContextManager[AsyncContainer]: ...

    async def migrate(self, *, create: bool = False) -> bool:
        """True when the database was created. A missing or unreachable database raises
        ``RuntimeError`` with a one-line message."""
        ...

    def serve(self, host: str, port: int, workers: int) -> None: ...

    def work(self, concurrency: int | None) -> None: ...

    def config_lines(self, markdown: bool) -> list[str]: ...
