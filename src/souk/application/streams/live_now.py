from __future__ import annotations

from souk.application.ports.live_audience import LiveAudience
from souk.application.ports.live_streams import LiveStreams, LiveStreamSummary
from souk.application.ports.stream_repository import StreamReader


class StreamsLiveNow(LiveStreams):
    """The Discover feed's ``live_now``: streams live now with their viewer counts."""

    def __init__(self, streams: StreamReader, audience: LiveAudience) -> None:
        self._streams = streams
        self._audience = audience

    async def live_now(self, limit: int) -> list[LiveStreamSummary]:
        live = await self._streams.live(limit)
        counts = await self._audience.counts([s.id for s in live]) if live else {}
        return [
            LiveStreamSummary(s.id, s.title, s.seller_id, counts.get(s.id, 0), s.started_at or s.created_at, None)
            for s in live
        ]
