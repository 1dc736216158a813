"""What every server process runs for live streaming, for itself:

- the silent-stream sweep: live streams whose push stopped and did not come back within
  the reconnect window end by themselves (locked re-checks make it safe in parallel); it
  runs a few times per window so the end comes soon after the window;
- the viewer-log flusher: this process's buffered joins and leaves are written in batches,
  at most one per ``viewer_log_flush_s`` (see ``VisitBuffer``), and once more at shutdown;
- the room-snapshot listener: a process drops its copy of a live room when any process
  announces a change on the event bus (see ``RoomSnapshots``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from dishka import AsyncContainer

from souk.application.ports.event_bus import EventBus
from souk.application.streams.end_silent_streams import EndSilentStreams
from souk.application.streams.flush_viewer_log import FlushViewerLog
from souk.application.streams.room_snapshots import ROOM_TOPICS, RoomSnapshots
from souk.application.streams.visit_buffer import VisitBuffer
from souk.bootstrap.background import Periodic
from souk.bootstrap.settings import Settings

log = logging.getLogger("souk.streams")
STOP_GRACE_S = 5.0


def silent_stream_sweeper(container: AsyncContainer, settings: Settings) -> Periodic:
    every_s = max(0.2, min(5.0, settings.stream_reconnect_window_s / 4))

    async def sweep() -> None:
        async with container() as request:
            await (await request.get(EndSilentStreams))()

    return Periodic("silent-stream-sweeper", every_s, sweep)


class ViewerLogFlusher:
    def __init__(self, container: AsyncContainer, settings: Settings) -> None:
        self._container = container
        self._every_s = settings.viewer_log_flush_s
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        buffer = await self._container.get(VisitBuffer)
        self._task = asyncio.create_task(self._loop(buffer), name="viewer-log-flusher")

    async def stop(self) -> None:
        """The last flush: a clean shutdown loses no visit."""
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        try:
            await self.flush()
        except Exception:
            log.error("streams.viewer_log_lost_at_shutdown", exc_info=True)

    async def flush(self) -> int:
        async with self._container() as request:
            return await (await request.get(FlushViewerLog))()

    async def _loop(self, buffer: VisitBuffer) -> None:
        while True:
            await buffer.next_batch(self._every_s)
            try:
                await self.flush()
            except Exception:  # the rows wait for the next round (writes are idempotent)
                log.warning("streams.viewer_log_flush_failed", exc_info=True)


class RoomSnapshotListener:
    def __init__(self, container: AsyncContainer) -> None:
        self._container = container
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        bus = await self._container.get(EventBus)
        snapshots = await self._container.get(RoomSnapshots)
        self._task = asyncio.create_task(self._listen(bus, snapshots), name="room-snapshot-listener")

    async def stop(self) -> None:
        """Bounded: a cancellation that arrives while redis-py is reading a pub/sub reply
        can be swallowed (redis/redis-py#2028, #2551) and would hang the shutdown."""
        if self._task is not None:
            self._task.cancel()
            done, _ = await asyncio.wait({self._task}, timeout=STOP_GRACE_S)
            if not done:
                log.warning("streams.room_listener_not_stopped")

    async def _listen(self, bus: EventBus, snapshots: RoomSnapshots) -> None:
        backoff = 0.2
        while True:
            try:
                async with bus.subscribe(*ROOM_TOPICS) as deliveries:
                    snapshots.forget_all()  # what was announced while not subscribed is unknown
                    backoff = 0.2
                    async for topic, payload in deliveries:
                        snapshots.on_event(topic, payload)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a Redis restart: resubscribe; the cache's TTL bounds staleness meanwhile
                log.warning("streams.room_listener_reconnecting error=%s", exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
