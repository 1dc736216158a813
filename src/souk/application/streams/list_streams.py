from __future__ import annotations

from uuid import UUID

from souk.application.ports.cursor_codec import CursorCodec
from souk.application.ports.stream_repository import StreamReader
from souk.application.shared.cursors import SortKey
from souk.application.shared.paging import Page, page_of
from souk.application.shared.visibility import Visibility
from souk.application.streams.presenter import StreamPresenter
from souk.application.streams.views import StreamView
from souk.domain.streams.stream import Stream, StreamStatus


class ListStreams:
    """Public lists of streams by status (``live`` by default), newest first."""

    def __init__(
        self, streams: StreamReader, presenter: StreamPresenter, visibility: Visibility, codec: CursorCodec
    ) -> None:
        self._streams = streams
        self._visibility = visibility
        self._presenter = presenter
        self._codec = codec

    async def __call__(
        self, status: StreamStatus, seller_id: UUID | None, cursor: str | None, limit: int, viewer_id: UUID | None
    ) -> Page[StreamView]:
        hidden = await self._visibility.hidden_from(viewer_id)

        async def fetch(after: SortKey | None, n: int) -> list[tuple[Stream, SortKey]]:
            return await self._streams.listed(status, seller_id, after, n, hidden)

        scope = f"streams:{status.value}:{seller_id or ''}"
        page = await page_of(self._codec, scope, cursor, limit, fetch, lambda row: row[1])
        views = await self._presenter.streams([s for s, _ in page.items], viewer_id)
        return Page(views, page.next_cursor)
