from __future__ import annotations

from souk.application.ports.live_audience import LiveAudience
from souk.application.ports.live_streams import LiveStreams, LiveStreamSummary
from souk.application.ports.stream_repository import StreamReader
from souk.application.shared.shared_read import SharedRead


class SharedLiveReads(SharedRead[int, list[LiveStreamSummary]]):
    """The process's shared reads of the live rail (APP scope): every Discover first page
    asks it, so the requests that arrive together share one read of the longest rail any
    of them asked for, started after they all arrived (never older than the request)."""

    def __init__(self) -> None:
        super().__init__(max)


class StreamsLiveNow(LiveStreams):
    """The Discover feed's ``live_now``: streams live now with their viewer counts."""

    def __init__(self, streams: StreamReader, audience: LiveAudience, shared: SharedLiveReads) -> None:
        self._streams = streams
        self._audience = audience
        self._shared = shared

    async def live_now(self, limit: int) -> list[LiveStreamSummary]:
        return (await self._shared(limit, self._read))[:limit]

    async def _read(self, limit: int) -> list[LiveStreamSummary]:
        live = await self._streams.live(limit)
        counts = await self._audience.counts([s.id for s in live]) if live else {}
        return [
            LiveStreamSummary(s.id, s.title, s.seller_id, counts.get(s.id, 0), s.started_at or s.created_at, None)
            for s in live
        ]
