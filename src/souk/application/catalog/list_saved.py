from __future__ import annotations

from uuid import UUID

from souk.application.ports.catalog_reader import CatalogReader, Listing
from souk.application.ports.cursor_codec import CursorCodec
from souk.application.shared.paging import Page, paginate


class ListSaved:
    def __init__(self, reader: CatalogReader, codec: CursorCodec) -> None:
        self._reader = reader
        self._codec = codec

    async def __call__(self, user_id: UUID, cursor: str | None, limit: int) -> Page[Listing]:
        return await paginate(
            self._codec, f"saved:{user_id}", cursor, limit, lambda after, n: self._reader.saved_by(user_id, after, n)
        )
