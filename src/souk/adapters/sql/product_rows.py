"""Products to rows and back, shared by the SQL product adapters."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from souk.adapters.sql.tables import products, users
from souk.application.ports.catalog_reader import SellerSummary
from souk.domain.catalog.product import Condition, FeedType, Product, ProductStatus
from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.money import Money
from souk.domain.shared.public_point import PublicPoints

PRODUCT_COLUMNS = list(products.c)
SELLER_COLUMNS = [
    users.c.username.label("seller_username"),
    users.c.display_name.label("seller_display_name"),
    users.c.seller_tier.label("seller_tier"),
]
COUNTERS = ("saves_count", "likes_count", "views_count")


def product_row(product: Product, places: PublicPoints) -> dict[str, Any]:
    public = places.of(product.seller_id, product.location) if product.location else None
    return {
        "id": product.id,
        "seller_id": product.seller_id,
        "title": product.title,
        "description": product.description,
        "price_amount": product.price.amount,
        "price_currency": product.price.currency,
        "category_id": product.category_id,
        "condition": product.condition.value,
        "feed_type": product.feed_type.value,
        "image_urls": list(product.image_urls),
        "image_media_ids": [str(i) for i in product.image_media_ids],
        "video_media_id": product.video_media_id,
        "lat": product.location.lat if product.location else None,
        "lng": product.location.lng if product.location else None,
        "public_lat": public.lat if public else None,
        "public_lng": public.lng if public else None,
        "status": product.status.value,
        "accepted_offer_id": product.accepted_offer_id,
        "saves_count": product.saves_count,
        "likes_count": product.likes_count,
        "views_count": product.views_count,
        "taken_down_at": product.taken_down_at,
        "quantity": product.quantity,
        "created_at": product.created_at,
        "updated_at": product.updated_at,
    }


def product_of(row: Any) -> Product:
    return Product(
        id=row["id"],
        seller_id=row["seller_id"],
        title=row["title"],
        description=row["description"],
        price=Money(row["price_amount"], row["price_currency"]),
        category_id=row["category_id"],
        condition=Condition(row["condition"]),
        feed_type=FeedType(row["feed_type"]),
        image_urls=tuple(row["image_urls"]),
        image_media_ids=tuple(UUID(i) for i in row["image_media_ids"] or ()),
        video_media_id=row["video_media_id"],
        location=GeoPoint(row["lat"], row["lng"]) if row["lat"] is not None else None,
        status=ProductStatus(row["status"]),
        accepted_offer_id=row["accepted_offer_id"],
        saves_count=row["saves_count"],
        likes_count=row["likes_count"],
        views_count=row["views_count"],
        taken_down_at=row["taken_down_at"],
        quantity=row["quantity"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def public_location_of(row: Any) -> GeoPoint | None:
    """The listing's public point: the only place a reader hands out."""
    return GeoPoint(row["public_lat"], row["public_lng"]) if row["public_lat"] is not None else None


def seller_of(row: Any) -> SellerSummary:
    return SellerSummary(row["seller_id"], row["seller_username"], row["seller_display_name"], row["seller_tier"])
