from __future__ import annotations

from uuid import UUID

from souk.application.ports.stream_repository import StreamReader
from souk.application.streams.presenter import StreamPresenter
from souk.application.streams.views import StreamView
from souk.domain.streams.errors import StreamNotFound


class GetStream:
    """Public stream details."""

    def __init__(self, streams: StreamReader, presenter: StreamPresenter) -> None:
        self._streams = streams
        self._presenter = presenter

    async def __call__(self, stream_id: UUID, viewer_id: UUID | None) -> StreamView:
        stream = await self._streams.get(stream_id)
        if stream is None:
            raise StreamNotFound()
        return await self._presenter.stream(stream, viewer_id)
