"""How each sort's position is written into a cursor key, shared by every catalog adapter."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from souk.application.shared.cursors import SortKey
from souk.domain.catalog.errors import InvalidCursor
from souk.domain.catalog.product import Product
from souk.domain.catalog.search import SearchSort

DESCENDING = frozenset({SearchSort.NEWEST, SearchSort.PRICE_DESC, SearchSort.RELEVANCE})


def listing_key(
    sort: SearchSort, product: Product, distance: float | None, rank: float | None, floor: datetime | None = None
) -> SortKey:
    first: str | int | float
    if sort is SearchSort.NEWEST:
        first = product.created_at.isoformat()
    elif sort in (SearchSort.PRICE_ASC, SearchSort.PRICE_DESC):
        first = product.price.amount
    elif sort is SearchSort.DISTANCE:
        first = float(distance or 0.0)
    else:
        return (float(rank or 0.0), str(product.id), floor.isoformat() if floor else "")
    return (first, str(product.id))


def parse_after(sort: SearchSort, key: SortKey) -> tuple[Any, UUID]:
    """The typed (first, id) a key stands for; InvalidCursor when it does not fit the sort."""
    try:
        raw, raw_id = key[:2]
        if len(key) != (3 if sort is SearchSort.RELEVANCE else 2):
            raise ValueError("shape")
        ident = UUID(str(raw_id))
        if sort is SearchSort.NEWEST:
            return datetime.fromisoformat(str(raw)), ident
        if sort in (SearchSort.PRICE_ASC, SearchSort.PRICE_DESC):
            if not isinstance(raw, int):
                raise ValueError("price")
            return raw, ident
        if not isinstance(raw, int | float):
            raise ValueError("number")
        return float(raw), ident
    except ValueError:
        raise InvalidCursor(field="cursor") from None


def relevance_floor(key: SortKey | None) -> tuple[bool, datetime | None]:
    """(whether the key fixes the window, the window's oldest time or None for no bound)."""
    if key is None:
        return False, None
    try:
        raw = str(key[2])
        return True, datetime.fromisoformat(raw) if raw else None
    except (ValueError, IndexError):
        raise InvalidCursor(field="cursor") from None


def time_key(at: datetime, ident: UUID) -> SortKey:
    return (at.isoformat(), str(ident))


def parse_time_key(key: SortKey) -> tuple[datetime, UUID]:
    try:
        raw, raw_id = key
        return datetime.fromisoformat(str(raw)), UUID(str(raw_id))
    except ValueError:
        raise InvalidCursor(field="cursor") from None
