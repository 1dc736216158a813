from __future__ import annotations

from uuid import UUID

from souk.application.ports.stream_repository import StreamReader
from souk.application.shared.visibility import Visibility
from souk.application.streams.presenter import StreamPresenter
from souk.application.streams.views import StreamView
from souk.domain.streams.errors import StreamNotFound


class GetStream:
    """Public stream details; a 404 to someone the seller is apart from (a block) and, while
    the seller is suspended, to everyone but them."""

    def __init__(self, streams: StreamReader, presenter: StreamPresenter, visibility: Visibility) -> None:
        self._streams = streams
        self._presenter = presenter
        self._visibility = visibility

    async def __call__(self, stream_id: UUID, viewer_id: UUID | None) -> StreamView:
        stream = await self._streams.get(stream_id)
        if stream is None:
            raise StreamNotFound()
        if stream.seller_id != viewer_id and stream.seller_id in await self._visibility.hidden_from(viewer_id):
            raise StreamNotFound()
        return await self._presenter.stream(stream, viewer_id)
