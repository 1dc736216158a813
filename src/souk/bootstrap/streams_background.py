"""What every server process runs for live streaming, for itself:

- the silent-stream sweep: live streams whose push stopped and did not come back within
  the reconnect window end by themselves (locked re-checks make it safe in parallel); it
  runs a few times per window so the end comes soon after the window;
- the viewer-log flusher: this process's buffered joins and leaves are written in batches,
  at most one per ``viewer_log_flush_s`` (see ``VisitBuffer``), and once more at shutdown;
- the room-snapshot listener: a process drops its copy of a live room when any process
  announces a change on the event bus (see ``RoomSnapshots``), and its copy of a seller's
  banned words likewise (see ``SellerWords``);
- the giveaway sweep: giveaways past their end whose job was lost (a restart) close within
  about a second (``CloseDueGiveaways``; the close locks, so it is safe in parallel);
- the audience listener: when a user unfollows someone or moves, every process re-checks
  that user's live-room visits (``stream.audience_changed``, ``LiveRooms.recheck``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from dishka import AsyncContainer

from souk.application.bus_listening import listen_on_bus
from souk.application.ports.event_bus import EventBus
from souk.application.shared.seller_words import SELLER_WORDS_EVENTS, SellerWords
from souk.application.stopping import stop_task
from souk.application.streams.close_due_giveaways import CloseDueGiveaways
from souk.application.streams.end_silent_streams import EndSilentStreams
from souk.application.streams.flush_viewer_log import FlushViewerLog
from souk.application.streams.room_snapshots import ROOM_EVENTS, RoomSnapshots
from souk.application.streams.visit_buffer import VisitBuffer
from souk.bootstrap.background import Periodic
from souk.bootstrap.settings import Settings
from souk.domain.shared.events import DomainEvent
from souk.domain.streams.events import AudienceChanged, ViewerRemoved
from souk.entrypoints.ws.stream_rooms import LiveRooms

log = logging.getLogger("souk.streams")
LISTENER_STOP_GRACE_S = 5.0


def silent_stream_sweeper(container: AsyncContainer, settings: Settings) -> Periodic:
    every_s = max(0.2, min(5.0, settings.stream_reconnect_window_s / 4))

    async def sweep() -> None:
        async with container() as request:
            await (await request.get(EndSilentStreams))()

    return Periodic("silent-stream-sweeper", every_s, sweep)


GIVEAWAY_SWEEP_S = 1.0


def giveaway_sweeper(container: AsyncContainer) -> Periodic:
    async def sweep() -> None:
        async with container() as request:
            await (await request.get(CloseDueGiveaways))()

    return Periodic("giveaway-sweeper", GIVEAWAY_SWEEP_S, sweep)


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
        self._stopping = False

    async def start(self) -> None:
        self._stopping = False
        bus = await self._container.get(EventBus)
        snapshots = await self._container.get(RoomSnapshots)
        words = await self._container.get(SellerWords)
        self._task = asyncio.create_task(self._listen(bus, snapshots, words), name="room-snapshot-listener")

    async def stop(self) -> None:
        """Bounded, whatever the Redis client does with the cancellation (see ``stop_task``;
        an app's shutdown hung on it in the suite): the flag keeps the loop from resubscribing."""
        self._stopping = True
        if not await stop_task(self._task, LISTENER_STOP_GRACE_S):
            log.warning("streams.room_listener_not_stopped")

    async def _listen(self, bus: EventBus, snapshots: RoomSnapshots, words: SellerWords | None = None) -> None:
        kinds = ROOM_EVENTS + (SELLER_WORDS_EVENTS if words is not None else ())

        def on_event(event: DomainEvent) -> None:
            snapshots.on_event(event)
            if words is not None:
                words.on_event(event)

        def forget_all() -> None:  # what was announced while not subscribed is unknown
            snapshots.forget_all()
            if words is not None:
                words.forget_all()

        await listen_on_bus(
            bus,
            kinds,
            on_event,
            stopping=lambda: self._stopping,
            name="room_snapshots",
            on_subscribed=forget_all,
        )


class AudienceListener:
    """Hears ``stream.audience_changed`` from any process and re-checks that user's visits
    on this one; ``stream.viewer_removed`` (a time-out or ban) takes them out at once. A
    message missed while resubscribing leaves a viewer in a room they may
    no longer watch until they leave: the bus is at-most-once (the outbox sweeper repeats
    events whose publication failed)."""

    def __init__(self, container: AsyncContainer) -> None:
        self._container = container
        self._task: asyncio.Task[None] | None = None
        self._rechecks: set[asyncio.Task[int]] = set()
        self._stopping = False

    async def start(self) -> None:
        self._stopping = False
        bus = await self._container.get(EventBus)
        rooms = await self._container.get(LiveRooms)
        self._task = asyncio.create_task(self._listen(bus, rooms), name="audience-listener")

    async def stop(self) -> None:
        self._stopping = True
        if not await stop_task(self._task, LISTENER_STOP_GRACE_S):
            log.warning("streams.audience_listener_not_stopped")
        for task in list(self._rechecks):
            await stop_task(task, LISTENER_STOP_GRACE_S)

    async def _listen(self, bus: EventBus, rooms: LiveRooms) -> None:
        await listen_on_bus(
            bus,
            [AudienceChanged, ViewerRemoved],
            lambda event: self._recheck(rooms, event),
            stopping=lambda: self._stopping,
            name="audience",
        )

    def _recheck(self, rooms: LiveRooms, event: AudienceChanged | ViewerRemoved) -> None:
        # off the listener's loop: a slow admission read must not hold up the next event
        task = asyncio.create_task(self._guarded(rooms, event), name="audience-recheck")
        self._rechecks.add(task)
        task.add_done_callback(self._rechecks.discard)

    @staticmethod
    async def _guarded(rooms: LiveRooms, event: AudienceChanged | ViewerRemoved) -> int:
        try:
            if isinstance(event, ViewerRemoved):  # timed out or banned by a moderator
                return await rooms.remove(event.stream_id, event.user_id, event.reason)
            return await rooms.recheck(event.user_id)
        except Exception:
            log.warning("streams.audience_recheck_failed user=%s", event.user_id, exc_info=True)
            return 0
