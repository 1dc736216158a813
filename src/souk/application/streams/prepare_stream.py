from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.stream_repository import StreamReader
from souk.application.streams.join_stream import open_stream
from souk.application.streams.presenter import StreamPresenter
from souk.application.streams.views import StreamProductView, StreamView


@dataclass(frozen=True, slots=True)
class Prepared:
    stream: StreamView
    products: list[StreamProductView]


class PrepareStream:
    """Step 4 (the countdown): the owner's app enters the room before going live, so it
    hears the chat from the first second; the answer is what the preview shows."""

    def __init__(self, streams: StreamReader, presenter: StreamPresenter) -> None:
        self._streams = streams
        self._presenter = presenter

    async def __call__(self, stream_id: UUID, by: UUID) -> Prepared:
        stream = await open_stream(self._streams, stream_id)
        stream.require_owner(by)
        products = await self._presenter.products(stream, await self._streams.products(stream.id))
        view = await self._presenter.stream(stream, by)
        return Prepared(view, products)
