from __future__ import annotations

from uuid import UUID

from souk.application.ports.catalog_reader import CatalogReader, Listing
from souk.application.ports.cursor_codec import CursorCodec
from souk.application.shared.paging import Page, paginate
from souk.application.shared.visibility import Visibility
from souk.domain.catalog.product import FeedType
from souk.domain.catalog.search import Area, SearchCriteria, SearchSort


class BrowseCommunity:
    """Community products within the radius, nearest first."""

    def __init__(self, reader: CatalogReader, visibility: Visibility, codec: CursorCodec) -> None:
        self._reader = reader
        self._visibility = visibility
        self._codec = codec

    async def __call__(
        self,
        lat: float,
        lng: float,
        radius_km: float | None,
        cursor: str | None,
        limit: int,
        viewer: UUID | None = None,
    ) -> Page[Listing]:
        criteria = SearchCriteria(
            feed_type=FeedType.COMMUNITY,
            area=Area.around(lat, lng, radius_km),
            sort=SearchSort.DISTANCE,
            hidden_sellers=await self._visibility.hidden_from(viewer),
        )
        return await paginate(
            self._codec,
            "community:" + criteria.fingerprint(),
            cursor,
            limit,
            lambda after, n: self._reader.search(criteria, after, n),
        )
