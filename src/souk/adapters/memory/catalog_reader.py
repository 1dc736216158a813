from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from souk.adapters.catalog_keys import (
    DESCENDING,
    listing_key,
    parse_after,
    parse_time_key,
    relevance_floor,
    time_key,
)
from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.catalog_reader import CatalogReader, Listing, SellerSummary
from souk.application.shared.cursors import SortKey
from souk.domain.accounts.user import User
from souk.domain.catalog import search
from souk.domain.catalog.product import Product, ProductStatus
from souk.domain.catalog.search import SearchCriteria, SearchSort, matches, text_rank
from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.public_point import PublicPoints


class InMemoryCatalogReader(CatalogReader):
    """The reference semantics the SQL readers are held to by the contract suite."""

    def __init__(self, uow: InMemoryUnitOfWork, places: PublicPoints) -> None:
        self._places = places
        self._products: dict[UUID, Product] = uow.store.table("products")
        self._users: dict[UUID, User] = uow.store.table("users")
        self._saves: dict[tuple[UUID, UUID], datetime] = uow.store.table("product_saves")

    async def search(self, criteria: SearchCriteria, after: SortKey | None, limit: int) -> list[Listing]:
        sort = criteria.effective_sort
        candidates: list[tuple[Product, float | None]] = []
        for product in self._products.values():
            if product.status is not ProductStatus.AVAILABLE or not _passes(criteria, product):
                continue
            distance = None
            if criteria.area is not None:
                shown = self._public(product)
                if shown is None:
                    continue
                distance = criteria.area.center.distance_km(shown)
                if distance > criteria.area.radius_km:
                    continue
            candidates.append((product, distance))
        floor = None
        if sort is SearchSort.RELEVANCE:
            fixed, floor = relevance_floor(after)
            if not fixed:
                newest = sorted(((p.created_at, p.id) for p, _ in candidates), reverse=True)
                floor = newest[search.RELEVANCE_WINDOW - 1][0] if len(newest) >= search.RELEVANCE_WINDOW else None
            candidates = [(p, d) for p, d in candidates if floor is None or p.created_at >= floor]
        found: list[tuple[tuple[Any, UUID], Listing]] = []
        for product, distance in candidates:
            rank = text_rank(criteria.terms, product.title, product.description) if criteria.terms else None
            listing = self._listing(product, distance, listing_key(sort, product, distance, rank, floor))
            found.append((parse_after(sort, listing.key), listing))
        descending = sort in DESCENDING
        if after is not None:
            bound = parse_after(sort, after)
            found = [f for f in found if (f[0] < bound if descending else f[0] > bound)]
        found.sort(key=lambda f: f[0], reverse=descending)
        return [listing for _, listing in found[:limit]]

    async def listing(self, product_id: UUID) -> Listing | None:
        product = self._products.get(product_id)
        return self._listing(product, None, ()) if product else None

    async def listings(self, product_ids: Sequence[UUID]) -> list[Listing]:
        found = (self._products.get(p) for p in dict.fromkeys(product_ids))
        return [self._listing(product, None, ()) for product in found if product]

    async def saved_by(self, user_id: UUID, after: SortKey | None, limit: int) -> list[Listing]:
        rows = sorted(
            ((at, pid) for (uid, pid), at in self._saves.items() if uid == user_id),
            reverse=True,
        )
        if after is not None:
            bound = parse_time_key(after)
            rows = [r for r in rows if r < bound]
        listings = []
        for at, pid in rows:
            product = self._products[pid]
            if product.status is ProductStatus.ARCHIVED and product.seller_id != user_id:
                continue
            listings.append(self._listing(product, None, time_key(at, pid)))
            if len(listings) == limit:
                break
        return listings

    def _listing(self, product: Product, distance: float | None, key: SortKey) -> Listing:
        seller = self._users[product.seller_id]
        summary = SellerSummary(seller.id, seller.username.value, seller.display_name, seller.seller_tier.value)
        copy = clone(product)
        copy._previous_counts = None
        return Listing(copy, summary, self._public(product), distance, key)

    def _public(self, product: Product) -> GeoPoint | None:
        return self._places.of(product.seller_id, product.location) if product.location else None


def _passes(criteria: SearchCriteria, product: Product) -> bool:
    return (
        product.seller_id not in criteria.hidden_sellers
        and (criteria.feed_type is None or product.feed_type is criteria.feed_type)
        and (criteria.condition is None or product.condition is criteria.condition)
        and (criteria.category_ids is None or product.category_id in criteria.category_ids)
        and (criteria.min_price is None or product.price.amount >= criteria.min_price)
        and (criteria.max_price is None or product.price.amount <= criteria.max_price)
        and (not criteria.terms or matches(criteria.terms, product.title, product.description))
    )
