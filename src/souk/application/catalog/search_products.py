from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypeVar
from uuid import UUID

from souk.application.catalog.category_tree import load_tree
from souk.application.ports.catalog_reader import CatalogReader, Listing
from souk.application.ports.category_repository import CategoryRepository
from souk.application.ports.cursor_codec import CursorCodec
from souk.application.shared.paging import Page, paginate
from souk.application.shared.visibility import Visibility
from souk.domain.catalog.product import Condition, FeedType
from souk.domain.catalog.search import Area, SearchCriteria, SearchSort, search_terms
from souk.domain.shared.errors import InvalidInput

E = TypeVar("E", Condition, FeedType)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """Raw search parameters as a client sends them."""

    q: str | None = None
    category_id: UUID | None = None
    min_price: int | None = None
    max_price: int | None = None
    condition: str | None = None
    feed_type: str | None = None
    lat: float | None = None
    lng: float | None = None
    radius_km: float | None = None
    sort: str = "relevance"


class SearchProducts:
    def __init__(
        self, reader: CatalogReader, categories: CategoryRepository, visibility: Visibility, codec: CursorCodec
    ) -> None:
        self._reader = reader
        self._visibility = visibility
        self._categories = categories
        self._codec = codec

    async def __call__(
        self, query: SearchQuery, cursor: str | None, limit: int, viewer: UUID | None = None
    ) -> Page[Listing]:
        criteria = replace(await self.criteria(query), hidden_sellers=await self._visibility.hidden_from(viewer))
        return await paginate(
            self._codec,
            "search:" + criteria.fingerprint(),
            cursor,
            limit,
            lambda after, n: self._reader.search(criteria, after, n),
        )

    async def criteria(self, query: SearchQuery) -> SearchCriteria:
        categories = None
        if query.category_id is not None:
            categories = (await load_tree(self._categories)).with_descendants(query.category_id)
        if (query.lat is None) != (query.lng is None):
            raise InvalidInput("Give both lat and lng, or neither.", field="lat")
        area = None
        if query.lat is not None and query.lng is not None:
            area = Area.around(query.lat, query.lng, query.radius_km)
        elif query.radius_km is not None:
            raise InvalidInput("radius_km needs lat and lng.", field="radius_km")
        return SearchCriteria(
            terms=search_terms(query.q),
            category_ids=categories,
            min_price=query.min_price,
            max_price=query.max_price,
            condition=_enum(Condition, query.condition, "condition"),
            feed_type=_enum(FeedType, query.feed_type, "feed_type"),
            area=area,
            sort=SearchSort.parse(query.sort),
        )


def _enum(kind: type[E], raw: str | None, field: str) -> E | None:
    if raw is None:
        return None
    try:
        return kind(raw)
    except ValueError:
        raise InvalidInput(f"Unknown {field} {raw!r}.", field=field) from None
