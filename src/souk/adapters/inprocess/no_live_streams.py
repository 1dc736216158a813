from __future__ import annotations

from souk.application.ports.live_streams import LiveStreams, LiveStreamSummary


class NobodyLive(LiveStreams):
    """Stands in until the streams capability provides the real ``LiveStreams``."""

    async def live_now(self, limit: int) -> list[LiveStreamSummary]:
        return []
