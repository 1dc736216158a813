"""What a buyer asks the catalog: one criteria shape behind the feeds and search."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from souk.domain.catalog.errors import InvalidRadius, UnknownSort
from souk.domain.catalog.location import listing_point
from souk.domain.catalog.product import Condition, FeedType
from souk.domain.shared.errors import InvalidInput
from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.money import MAX_AMOUNT

DEFAULT_RADIUS_KM = 10.0
MIN_RADIUS_KM = 1.0  # finer circles would only sharpen the view of public points, never help a buyer
MAX_RADIUS_KM = 100.0
QUERY_MAX = 200
# Relevance ranks the newest RELEVANCE_WINDOW matches (older ones stay reachable with
# sort=newest or narrower words): ranking every match of a common word on millions of
# listings cannot be fast. The window's oldest time rides in the cursor, so a walk keeps
# its window while new listings arrive.
RELEVANCE_WINDOW = 200
_WORD = re.compile(r"[^\W_]+", re.UNICODE)  # letters and digits; "_" separates, as in FTS5 and PostgreSQL


class SearchSort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    DISTANCE = "distance"

    @classmethod
    def parse(cls, raw: str) -> SearchSort:
        try:
            return cls(raw)
        except ValueError:
            raise UnknownSort(field="sort") from None


@dataclass(frozen=True, slots=True)
class Area:
    center: GeoPoint
    radius_km: float

    @classmethod
    def around(cls, lat: float, lng: float, radius_km: float | None) -> Area:
        """``radius_km`` (default 10) clamped to [1, 100]; zero, negative or not finite is refused."""
        radius = DEFAULT_RADIUS_KM if radius_km is None else radius_km
        if not (math.isfinite(radius) and radius > 0.0):
            raise InvalidRadius(field="radius_km")
        return cls(listing_point(lat, lng), min(MAX_RADIUS_KM, max(MIN_RADIUS_KM, radius)))


def search_terms(text: str | None) -> tuple[str, ...]:
    """Lower-cased words; every one must match. The same split on every storage backend."""
    if text is None:
        return ()
    if len(text) > QUERY_MAX:
        raise InvalidInput(f"A search query has at most {QUERY_MAX} characters.", field="q")
    return tuple(dict.fromkeys(word.lower() for word in _WORD.findall(text)))


def text_rank(terms: tuple[str, ...], title: str, description: str) -> float:
    """Title hits weigh three times description hits; depends on the document only, so a
    page cursor stays valid while other listings arrive."""
    title_words = {w.lower() for w in _WORD.findall(title)}
    description_words = {w.lower() for w in _WORD.findall(description)}
    return float(sum(3 * (t in title_words) + (t in description_words) for t in terms))


def matches(terms: tuple[str, ...], title: str, description: str) -> bool:
    words = {w.lower() for w in _WORD.findall(title)} | {w.lower() for w in _WORD.findall(description)}
    return all(t in words for t in terms)


@dataclass(frozen=True, slots=True)
class SearchCriteria:
    terms: tuple[str, ...] = ()
    category_ids: frozenset[UUID] | None = None
    min_price: int | None = None
    max_price: int | None = None
    condition: Condition | None = None
    feed_type: FeedType | None = None
    area: Area | None = None
    sort: SearchSort = SearchSort.NEWEST
    # sellers this viewer must not see (blocks, suspensions): not part of the fingerprint,
    # a cursor outlives a block made between two pages
    hidden_sellers: frozenset[UUID] = frozenset()

    def __post_init__(self) -> None:
        if self.sort is SearchSort.DISTANCE and self.area is None:
            raise InvalidInput("Sorting by distance needs lat and lng.", field="sort")
        for name in ("min_price", "max_price"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= MAX_AMOUNT:
                raise InvalidInput(f"Prices are between 0 and {MAX_AMOUNT} minor units.", field=name)
        if self.min_price is not None and self.max_price is not None and self.min_price > self.max_price:
            raise InvalidInput("min_price is above max_price.", field="min_price")

    @property
    def effective_sort(self) -> SearchSort:
        """Relevance without words to rank by means newest."""
        return SearchSort.NEWEST if self.sort is SearchSort.RELEVANCE and not self.terms else self.sort

    def fingerprint(self) -> str:
        """Binds a cursor to the query that made it."""
        area = f"{self.area.center.lat},{self.area.center.lng},{self.area.radius_km}" if self.area else ""
        categories = ",".join(sorted(str(c) for c in self.category_ids)) if self.category_ids is not None else "*"
        return "|".join(
            [
                " ".join(self.terms),
                categories,
                str(self.min_price),
                str(self.max_price),
                str(self.condition),
                str(self.feed_type),
                area,
                self.effective_sort.value,
            ]
        )
