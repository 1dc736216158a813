"""Products shown in a stream: attached by the seller (their own, available ones), tagged
at a point of the picture and a moment of the stream, and at most one featured (pinned)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from souk.domain.catalog.errors import ProductNotFound
from souk.domain.catalog.product import Product, ProductStatus
from souk.domain.streams.errors import (
    InvalidStreamProducts,
    InvalidTag,
    ProductNotInStream,
    ProductNotYours,
    StreamProductNotAvailable,
)

MAX_PRODUCTS = 50


@dataclass(frozen=True, slots=True)
class Tag:
    x: float
    y: float
    timestamp_s: float

    def __post_init__(self) -> None:
        for name, value, high in (("x", self.x, 1.0), ("y", self.y, 1.0), ("timestamp_s", self.timestamp_s, math.inf)):
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise InvalidTag(f"{name} must be a finite number.", field=name)
            if not 0.0 <= value <= high:
                raise InvalidTag(field=name)


@dataclass(slots=True)
class StreamProduct:
    stream_id: UUID
    product_id: UUID
    position: int
    added_at: datetime
    tag: Tag | None = None
    featured: bool = False
    tagged_at: datetime | None = None


def check_attachable(product: Product | None, product_id: UUID, seller_id: UUID) -> Product:
    """Only the seller's own available products may be shown."""
    if product is None or (product.status is ProductStatus.ARCHIVED and product.seller_id != seller_id):
        raise ProductNotFound(f"No such product: {product_id}.")
    if product.seller_id != seller_id:
        raise ProductNotYours()
    if product.status is not ProductStatus.AVAILABLE:
        raise StreamProductNotAvailable(f"Product {product_id} is {product.status.value}, not available.")
    return product


def check_count(existing: int, adding: int) -> None:
    if existing + adding < 1 or existing + adding > MAX_PRODUCTS:
        raise InvalidStreamProducts(field="product_ids")


def tag_product(
    products: Sequence[StreamProduct], product_id: UUID, tag: Tag, featured: bool | None, now: datetime
) -> list[StreamProduct]:
    """Tag one product; ``featured=True`` pins it and unpins any other, ``False`` unpins it,
    ``None`` leaves pinning as it is. Returns every product whose row changed."""
    target = next((p for p in products if p.product_id == product_id), None)
    if target is None:
        raise ProductNotInStream()
    target.tag = tag
    target.tagged_at = now
    changed = [target]
    if featured is True:
        for other in products:
            if other.featured and other is not target:
                other.featured = False
                changed.append(other)
        target.featured = True
    elif featured is False:
        target.featured = False
    return changed
