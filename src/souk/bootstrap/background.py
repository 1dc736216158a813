"""Periodic work every server process does for itself (cheap, and safe in parallel)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

from dishka import AsyncContainer

from souk.application.events import PruneOutbox, SweepOutbox
from souk.application.stopping import stop_task
from souk.application.system.outage import DATABASE
from souk.application.system.outages import Outages

log = logging.getLogger("souk.background")

MAX_BACKOFF_S = 5.0  # a dependency back is noticed within this (the fault suite's recovery bound)
STOP_GRACE_S = 3.0  # a round that does not let itself be cancelled (a client swallowing it) is left after this


class Periodic:
    """Runs ``work`` every ``every_s``. A failing round never ends the loop. A dependency
    outage (recognised by ``outages``, once ``watch`` gave it) is logged once for the whole
    outage, not once per round, and the rounds back off up to ``MAX_BACKOFF_S``; a round
    that succeeds reports the dependencies in ``proves`` as recovered."""

    def __init__(
        self, name: str, every_s: float, work: Callable[[], Awaitable[object]], *, proves: Sequence[str] = ()
    ) -> None:
        self._name = name
        self._every_s = every_s
        self._work = work
        self._proves = tuple(proves)
        self._outages: Outages | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def watch(self, outages: Outages) -> None:
        self._outages = outages

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name=self._name)

    async def stop(self) -> None:
        """Cancels the loop and waits for it, a bounded time: a shutdown never hangs on a
        round stuck in a client that does not let itself be cancelled; such a round, when it
        ends, starts no other (the loop would otherwise run on for the rest of the process)."""
        self._stopping = True
        if not await stop_task(self._task, STOP_GRACE_S):
            log.warning("background.stop_timeout loop=%s grace_s=%s", self._name, STOP_GRACE_S)

    async def _loop(self) -> None:
        delay = self._every_s
        while not self._stopping:
            await asyncio.sleep(delay)
            delay = await self._round(delay)

    async def _round(self, delay: float) -> float:
        """One round; returns the time to wait before the next (doubled while a dependency
        is away, up to ``MAX_BACKOFF_S`` or the period if that is longer)."""
        try:
            await self._work()
        except Exception as exc:  # a failing round must not end the loop; the next one retries
            outage = self._outages.recognise(exc, self._name) if self._outages is not None else None
            if outage is None:
                log.warning("background.failed task=%s", self._name, exc_info=True)
                return self._every_s
            return max(self._every_s, min(MAX_BACKOFF_S, delay * 2))
        if self._outages is not None:
            for dependency in self._proves:
                self._outages.succeeded(dependency)
        return self._every_s


def outbox_sweeper(container: AsyncContainer, every_s: float = 2.0) -> Periodic:
    async def sweep() -> None:
        await (await container.get(SweepOutbox))()

    return Periodic("outbox-sweeper", every_s, sweep, proves=(DATABASE,))


def outbox_pruner(container: AsyncContainer, retention_h: float, every_s: float = 600.0) -> Periodic:
    """Every process prunes (cheap when there is nothing to do: one index probe); processes
    pruning at once skip each other's rows."""
    retention = timedelta(hours=retention_h)

    async def prune() -> None:
        await (await container.get(PruneOutbox))(retention)

    return Periodic("outbox-pruner", every_s, prune, proves=(DATABASE,))
