"""Every server process keeps its view of ended sessions current: subscribed to
``session.revoked`` on the event bus, and after each (re)subscription it reads what ended
meanwhile from the database (``CatchUpRevocations``: pub/sub is at-most-once)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from dishka import AsyncContainer

from souk.application.accounts.catch_up_revocations import CatchUpRevocations
from souk.application.accounts.revoked_sessions import RevokedSessions
from souk.application.bus_listening import listen_on_bus
from souk.application.ports.event_bus import EventBus
from souk.application.stopping import stop_task
from souk.domain.accounts.events import SessionRevoked

log = logging.getLogger("souk.sessions")

READY_WAIT_S = 5.0
STOP_GRACE_S = 5.0


class RevocationListener:
    def __init__(self, container: AsyncContainer) -> None:
        self._container = container
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self._stopping = False

    async def start(self) -> None:
        """Subscribed and caught up before the server takes requests (bounded: a bus or
        database that is away must not stop the start; the loop keeps trying)."""
        bus = await self._container.get(EventBus)
        revoked = await self._container.get(RevokedSessions)
        self._task = asyncio.create_task(self._listen(bus, revoked), name="session-revocation-listener")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._ready.wait(), READY_WAIT_S)

    async def stop(self) -> None:
        self._stopping = True
        if not await stop_task(self._task, STOP_GRACE_S):
            log.warning("sessions.revocation_listener_not_stopped")

    async def _listen(self, bus: EventBus, revoked: RevokedSessions) -> None:
        await listen_on_bus(
            bus,
            [SessionRevoked],
            revoked.on_event,
            stopping=lambda: self._stopping,
            name="session_revocations",
            on_subscribed=self._catch_up,  # a Redis or database outage: resubscribe and catch up again
        )

    async def _catch_up(self) -> None:
        async with self._container() as request:
            learnt = await (await request.get(CatchUpRevocations))()
        if learnt:
            log.info("sessions.caught_up revoked=%d", learnt)
        self._ready.set()
