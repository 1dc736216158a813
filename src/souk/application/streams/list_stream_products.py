from __future__ import annotations

from uuid import UUID

from souk.application.ports.stream_repository import StreamReader
from souk.application.streams.presenter import StreamPresenter
from souk.application.streams.views import StreamProductView
from souk.domain.streams.errors import StreamNotFound


class ListStreamProducts:
    """Public: the stream's products with their tags, pin and figures."""

    def __init__(self, streams: StreamReader, presenter: StreamPresenter) -> None:
        self._streams = streams
        self._presenter = presenter

    async def __call__(self, stream_id: UUID) -> list[StreamProductView]:
        stream = await self._streams.get(stream_id)
        if stream is None:
            raise StreamNotFound()
        return await self._presenter.products(stream, await self._streams.products(stream_id))
