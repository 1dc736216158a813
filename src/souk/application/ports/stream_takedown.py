from __future__ import annotations

from typing import Protocol
from uuid import UUID


class StreamTakedown(Protocol):
    """Staff end a stream at once, whoever owns it (the streams feature owns how a stream
    ends: its frames, counters and recording)."""

    async def take_down(self, stream_id: UUID) -> UUID:
        """Ends a live stream now (a draft or scheduled one is cancelled), committing the
        unit of work it shares with the caller; answers the seller's id. ``StreamNotFound``
        when there is no such stream; a stream already over stays as it is."""
        ...
