"""Every server process keeps its view of ended sessions current: subscribed to
``session.revoked`` on the event bus, and after each (re)subscription it reads what ended
meanwhile from the database (``CatchUpRevocations``: pub/sub is at-most-once)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from dishka import AsyncContainer

from souk.application.accounts.catch_up_revocations import CatchUpRevocations
from souk.application.accounts.revoked_sessions import SESSION_REVOKED, RevokedSessions
from souk.application.ports.event_bus import EventBus

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
        """The Redis client may turn the cancellation into a connection error
        (redis/redis-py#2028, #2551): the stop flag keeps the loop from resubscribing, and
        the wait is bounded whatever the client does."""
        self._stopping = True
        if self._task is None:
            return
        self._task.cancel()
        done, _ = await asyncio.wait({self._task}, timeout=STOP_GRACE_S)
        if not done:
            log.warning("sessions.revocation_listener_not_stopped")
        elif not self._task.cancelled():
            with contextlib.suppress(Exception):
                self._task.result()

    async def _catch_up(self) -> int:
        async with self._container() as request:
            return await (await request.get(CatchUpRevocations))()

    async def _listen(self, bus: EventBus, revoked: RevokedSessions) -> None:
        backoff = 0.2
        while not self._stopping:
            try:
                async with bus.subscribe(SESSION_REVOKED) as deliveries:
                    learnt = await self._catch_up()  # subscribed first: nothing falls in between
                    if learnt:
                        log.info("sessions.caught_up revoked=%d", learnt)
                    self._ready.set()
                    backoff = 0.2
                    async for _topic, payload in deliveries:
                        try:
                            revoked.on_event(payload)
                        except (KeyError, ValueError, TypeError):
                            log.warning("sessions.bad_revocation_event")
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a Redis or database outage: resubscribe and catch up again
                if self._stopping:
                    return
                log.warning("sessions.revocation_listener_reconnecting error=%s", type(exc).__name__)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
