from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Collection, Mapping
from uuid import UUID

from souk.application.ports.live_audience import LiveAudience


class InProcessLiveAudience(LiveAudience):
    """The embedded deployment's twin of RedisLiveAudience (one process: one room list)."""

    def __init__(self, ttl_s: float = 30.0) -> None:
        self._ttl_s = ttl_s
        self._rooms: dict[UUID, dict[str, float]] = defaultdict(dict)

    async def enter(self, stream_id: UUID, member: str) -> None:
        await self.refresh({stream_id: [member]})

    async def leave(self, stream_id: UUID, member: str) -> None:
        self._rooms[stream_id].pop(member, None)

    async def refresh(self, members: Mapping[UUID, Collection[str]]) -> None:
        expires = time.monotonic() + self._ttl_s
        for stream_id, names in members.items():
            room = self._rooms[stream_id]
            for name in names:
                room[name] = expires

    async def counts(self, stream_ids: Collection[UUID]) -> dict[UUID, int]:
        now = time.monotonic()
        result: dict[UUID, int] = {}
        for stream_id in stream_ids:
            room = self._rooms.get(stream_id, {})
            for name in [n for n, expires in room.items() if expires <= now]:
                del room[name]
            result[stream_id] = len({name.split("|", 1)[0] for name in room})
        return result
