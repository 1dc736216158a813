"""This process's side of the live rooms: which of its sockets watch which stream, the
viewer-count broadcast every few seconds, and noticing sockets that went away.

Counts are global (``LiveAudience``: Redis in production), but each process delivers the
``stream:viewers`` frame to its own sockets only, so nobody gets it twice. A socket that
closes without ``stream:leave`` is noticed at the next tick: its visit is closed then.
What is decided (finished streams, counts, who may still watch) is the application's
(``RoomUpkeep``, ``StillAdmitted``, ``LeaveStream``); this module keeps the sockets."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from dataclasses import dataclass
from uuid import UUID

from dishka import AsyncContainer

from souk.application.shared.rooms import room_of
from souk.application.streams.config import LiveConfig
from souk.application.streams.leave_stream import LeaveStream
from souk.application.streams.room_upkeep import RoomUpkeep
from souk.application.streams.still_admitted import StillAdmitted
from souk.application.system.outages import Outages
from souk.domain.streams.events import ChatAuthor
from souk.entrypoints.ws import frames
from souk.entrypoints.ws.connection import Connection
from souk.entrypoints.ws.frame_data import StreamRemovedData, ViewersData
from souk.entrypoints.ws.hub import Hub
from souk.entrypoints.ws.publisher import to_room

log = logging.getLogger("souk.ws.streams")

AUDIENCE_CHANGED_REASON = "audience_changed"


@dataclass(eq=False)
class Visit:
    stream_id: UUID
    visit_id: UUID
    connection: Connection
    viewer: ChatAuthor | None  # how they are shown in chat: learnt when they first speak
    counted: bool  # False for the seller in their own room

    @property
    def member(self) -> str:
        return member_of(self.connection)

    @property
    def room(self) -> str:
        return room_of(self.stream_id)


def member_of(connection: Connection) -> str:
    return f"{connection.user_id}|{connection.id}"


class LiveRooms:
    def __init__(self, container: AsyncContainer, hub: Hub, config: LiveConfig) -> None:
        self._container = container
        self._hub = hub
        self._every_s = config.viewer_broadcast_s
        self._visits: dict[tuple[str, UUID], Visit] = {}
        self._ticker: asyncio.Task[None] | None = None

    def visit(self, connection: Connection, stream_id: UUID) -> Visit | None:
        return self._visits.get((connection.id, stream_id))

    def enter(self, visit: Visit) -> None:
        self._visits[(visit.connection.id, visit.stream_id)] = visit
        self._hub.join(visit.connection, visit.room)
        if self._ticker is None or self._ticker.done():
            self._ticker = asyncio.create_task(self._tick_forever(), name="ws-stream-viewers")

    async def leave(self, visit: Visit) -> None:
        self._visits.pop((visit.connection.id, visit.stream_id), None)
        self._hub.leave(visit.connection, visit.room)
        if visit.counted:
            async with self._container() as request:
                await (await request.get(LeaveStream))(
                    visit.stream_id, visit.visit_id, visit.connection.user_id, visit.member
                )

    async def recheck(self, user_id: UUID) -> int:
        """After ``stream.audience_changed`` (an unfollow, a move): take ``user_id``'s sockets
        on this process out of the rooms they may no longer watch, each told with
        ``stream:removed``; their later room frames get ``not_in_stream``. How many left."""
        visits = [visit for visit in self._visits.values() if visit.connection.user_id == user_id]
        if not visits:
            return 0
        async with self._container() as request:
            allowed = await (await request.get(StillAdmitted))(user_id, {visit.stream_id for visit in visits})
        removed = [visit for visit in visits if visit.stream_id not in allowed]
        for visit in removed:
            await self.leave(visit)
            removed_data = StreamRemovedData(visit.stream_id, AUDIENCE_CHANGED_REASON)
            visit.connection.push(frames.encode("stream:removed", removed_data))
        return len(removed)

    async def stop(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker

    async def _tick_forever(self) -> None:
        while self._visits:
            await asyncio.sleep(self._every_s)
            try:
                await self.tick()
            except Exception as exc:  # one failed round (Redis blip) must not stop the broadcast
                if (await self._container.get(Outages)).recognise(exc, "ws-stream-viewers") is None:
                    log.warning("ws.stream_tick_failed", exc_info=True)  # an outage is logged once, there

    async def tick(self) -> None:
        """Close visits whose socket left the room (closed) or whose stream finished,
        refresh this process's audience members, and tell local viewers the counts."""
        async with self._container() as request:
            finished = await (await request.get(RoomUpkeep)).finished({v.stream_id for v in self._visits.values()})
        gone = [
            visit
            for visit in self._visits.values()
            if visit.room not in visit.connection.rooms or visit.connection.closing or visit.stream_id in finished
        ]
        # together: a finished show's 2,000 visits close in a few shared Redis round trips
        await asyncio.gather(*(self.leave(visit) for visit in gone))
        members: dict[UUID, list[str]] = defaultdict(list)
        for visit in self._visits.values():
            if visit.counted:
                members[visit.stream_id].append(visit.member)
            else:
                members.setdefault(visit.stream_id, [])
        async with self._container() as request:
            counts = await (await request.get(RoomUpkeep)).counts(members)
        for stream_id, count in counts.items():
            self._hub.deliver(to_room(room_of(stream_id), "stream:viewers", ViewersData(stream_id, count)))
