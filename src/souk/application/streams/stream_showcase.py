from __future__ import annotations

from uuid import UUID

from souk.application.ports.stream_repository import StreamReader
from souk.application.streams.presenter import StreamPresenter
from souk.application.streams.views import StreamProductView, StreamView


class StreamShowcase:
    """What a live room's frames show (``stream:live``, ``stream:ended``,
    ``stream:product:*``), read when the event that makes them arrives: the stream as an
    admitted viewer sees it, and one of its products with its figures. None: gone since."""

    def __init__(self, streams: StreamReader, presenter: StreamPresenter) -> None:
        self._streams = streams
        self._presenter = presenter

    async def stream(self, stream_id: UUID) -> StreamView | None:
        stream = await self._streams.get(stream_id)
        if stream is None:
            return None
        return await self._presenter.stream(stream, admitted=True)  # the room's members were admitted

    async def product(self, stream_id: UUID, product_id: UUID) -> StreamProductView | None:
        stream = await self._streams.get(stream_id)
        if stream is None:
            return None
        items = [item for item in await self._streams.products(stream_id) if item.product_id == product_id]
        views = await self._presenter.products(stream, items)
        return views[0] if views else None
