from __future__ import annotations

from dataclasses import dataclass, replace
from uuid import UUID

from souk.application.ports.catalog_reader import CatalogReader, Listing
from souk.application.ports.cursor_codec import CursorCodec
from souk.application.ports.live_streams import LiveStreams, LiveStreamSummary
from souk.application.shared.paging import Page, paginate
from souk.application.shared.visibility import Visibility
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

    def __init__(self, reader: CatalogReader, live: LiveStreams, visibility: Visibility, codec: CursorCodec) -> None:
        self._reader = reader
        self._visibility = visibility
        self._live = live
        self._codec = codec

    async def __call__(self, cursor: str | None, limit: int, viewer: UUID | None = None) -> DiscoverPage:
        hidden = await self._visibility.hidden_from(viewer)
        criteria = replace(DISCOVER, hidden_sellers=hidden)
        page = await paginate(
            self._codec, "discover", cursor, limit, lambda after, n: self._reader.search(criteria, after, n)
        )
        live_now = await self._live.live_now(LIVE_NOW_MAX) if cursor is None else []
        live_now = [s for s in live_now if s.seller_id not in hidden] if hidden else live_now
        return DiscoverPage(page, live_now)
