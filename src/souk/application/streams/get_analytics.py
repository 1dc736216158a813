from __future__ import annotations

from uuid import UUID

from souk.application.ports.stream_repository import StreamReader
from souk.application.streams.analyst import StreamAnalyst
from souk.domain.streams.analytics import StreamAnalytics
from souk.domain.streams.errors import StreamNotFound


class GetStreamAnalytics:
    """Owner only; anyone else is told the stream's owner may see them (403)."""

    def __init__(self, streams: StreamReader, analyst: StreamAnalyst) -> None:
        self._streams = streams
        self._analyst = analyst

    async def __call__(self, stream_id: UUID, by: UUID) -> StreamAnalytics:
        stream = await self._streams.get(stream_id)
        if stream is None:
            raise StreamNotFound()
        stream.require_owner(by)
        return await self._analyst(stream, [p.product_id for p in await self._streams.products(stream_id)])
