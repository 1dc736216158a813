from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Protocol
from uuid import UUID


class LiveAudience(Protocol):
    """Who is in each live room right now, across every server process. A member is one
    socket (``user:connection``); a process refreshes its own members, so those of a
    process that died age out. Counts are of people, not sockets."""

    async def enter(self, stream_id: UUID, member: str) -> None: ...

    async def leave(self, stream_id: UUID, member: str) -> None: ...

    async def refresh(self, members: Mapping[UUID, Collection[str]]) -> None: ...

    async def counts(self, stream_ids: Collection[UUID]) -> dict[UUID, int]: ...
