from __future__ import annotations

from dataclasses import dataclass

from souk.application.ports.catalog_reader import CatalogReader, Listing
from souk.application.ports.cursor_codec import CursorCodec
from souk.application.ports.live_streams import LiveStreams, LiveStreamSummary
from souk.application.shared.paging import Page, paginate
from souk.domain.catalog.product import FeedType
from souk.domain.catalog.search import SearchCriteria, SearchSort

LIVE_NOW_MAX = 10
DISCOVER = SearchCriteria(feed_type=FeedType.DISCOVER, sort=SearchSort.NEWEST)


@dataclass(frozen=True, slots=True)
class DiscoverPage:
    page: Page[Listing]
    live_now: list[LiveStreamSummary]


class BrowseDiscover:
    """Discover products, newest first; the sellers live now ride on the first page."""

    def __init__(self, reader: CatalogReader, live: LiveStreams, codec: CursorCodec) -> None:
        self._reader = reader
        self._live = live
        self._codec = codec

    async def __call__(self, cursor: str | None, limit: int) -> DiscoverPage:
        page = await paginate(
            self._codec, "discover", cursor, limit, lambda after, n: self._reader.search(DISCOVER, after, n)
        )
        live_now = await self._live.live_now(LIVE_NOW_MAX) if cursor is None else []
        return DiscoverPage(page, live_now)
