from __future__ import annotations

from typing import Protocol
from uuid import UUID

from souk.application.streams.room_snapshots import RoomSnapshot


class RoomLoader(Protocol):
    """Reads a live room's snapshot (``LoadRoom``) in a unit of work of its own: the load
    outlives the join that triggered it (every other joiner waits for it, and a stale
    snapshot is refreshed in the background), so it cannot borrow that join's."""

    async def __call__(self, stream_id: UUID) -> RoomSnapshot: ...
