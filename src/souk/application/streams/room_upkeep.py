from __future__ import annotations

from collections.abc import Collection, Mapping
from uuid import UUID

from souk.application.ports.live_audience import LiveAudience
from souk.application.ports.stream_repository import StreamReader


class RoomUpkeep:
    """A gateway process's live-room bookkeeping, every few seconds: which of its rooms'
    streams finished (one read for all of them), and the audience — this process's members
    kept alive and every room's count read, in shared round trips."""

    def __init__(self, streams: StreamReader, audience: LiveAudience) -> None:
        self._streams = streams
        self._audience = audience

    async def finished(self, stream_ids: Collection[UUID]) -> set[UUID]:
        if not stream_ids:
            return set()
        return set(stream_ids) - await self._streams.unfinished(stream_ids)

    async def counts(self, members: Mapping[UUID, Collection[str]]) -> dict[UUID, int]:
        """``members``: this process's counted sockets per room (none: the seller's own room)."""
        await self._audience.refresh(members)
        return await self._audience.counts(list(members))
