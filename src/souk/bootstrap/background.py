"""Periodic work every server process does for itself (cheap, and safe in parallel)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from dishka import AsyncContainer

from souk.application.events import SweepOutbox

log = logging.getLogger("souk.background")


class Periodic:
    def __init__(self, name: str, every_s: float, work: Callable[[], Awaitable[object]]) -> None:
        self._name = name
        self._every_s = every_s
        self._work = work
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name=self._name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self._every_s)
            try:
                await self._work()
            except Exception:  # a failing round must not end the loop; the next one retries
                log.warning("background.failed task=%s", self._name, exc_info=True)


def outbox_sweeper(container: AsyncContainer, every_s: float = 2.0) -> Periodic:
    async def sweep() -> None:
        await (await container.get(SweepOutbox))()

    return Periodic("outbox-sweeper", every_s, sweep)
