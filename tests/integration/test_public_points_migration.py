"""Migration 0011 gives existing homes and listings their public points, with the key it is
handed, and refuses to leave them without one."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest
from sqlalchemy import insert, select

from souk.adapters.sql import migrate as sql_migrate
from souk.adapters.sql.engine import create_engine
from souk.adapters.sql.tables import products, users
from souk.application.shared.ids import new_id
from souk.domain.catalog.default_categories import category_id
from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.public_point import PublicPoints, key_from_secret
from tests.services import scratch_postgres_database
from tests.support import fast_settings

PLACES = PublicPoints(key_from_secret("migration-test-secret"))
HOME = GeoPoint(48.8566, 2.3522)
SPOT = GeoPoint(48.8600, 2.3400)


async def fill_at_0010(url: str) -> tuple[UUID, UUID]:
    """A user with a home and a community listing, written as release 0010 wrote them."""
    engine = create_engine(url)
    try:
        await sql_migrate.upgrade(engine, "0010_neighbours")
        user_id, product_id, now = new_id(), new_id(), datetime.now(UTC)
        async with engine.begin() as conn:
            user = {
                "id": user_id,
                "username": "old_timer",
                "display_name": "Old timer",
                "password_hash": "x",
                "phone_verified": False,
                "bio": "",
                "seller_tier": "free",
                "role": "user",
                "home_lat": HOME.lat,
                "home_lng": HOME.lng,
                "notification_settings": {},
                "followers_count": 0,
                "following_count": 0,
                "listings_count": 0,
                "sold_count": 0,
                "created_at": now,
                "updated_at": now,
            }
            await conn.execute(insert(users), [user])  # only the columns 0010 has
            product = {
                "id": product_id,
                "seller_id": user_id,
                "title": "Lamp",
                "description": "",
                "price_amount": 100,
                "price_currency": "EUR",
                "category_id": category_id("bicycles"),
                "condition": "good",
                "feed_type": "community",
                "image_urls": [],
                "lat": SPOT.lat,
                "lng": SPOT.lng,
                "status": "available",
                "saves_count": 0,
                "likes_count": 0,
                "views_count": 0,
                "created_at": now,
                "updated_at": now,
            }
            await conn.execute(insert(products), [product])
        return user_id, product_id
    finally:
        await engine.dispose()


async def backfill(url: str) -> None:
    user_id, product_id = await fill_at_0010(url)
    engine = create_engine(url)
    try:
        with pytest.raises(RuntimeError, match="need public points"):
            await sql_migrate.upgrade(engine)  # no key: nothing half-done
        await sql_migrate.upgrade(engine, public_points=PLACES)
        async with engine.connect() as conn:
            home = (await conn.execute(select(users.c.home_public_lat, users.c.home_public_lng))).one()
            listing = (await conn.execute(select(products.c.public_lat, products.c.public_lng))).one()
    finally:
        await engine.dispose()
    assert GeoPoint(*home) == PLACES.of(user_id, HOME)
    assert GeoPoint(*listing) == PLACES.of(user_id, SPOT)  # the seller's key, the listing's place
    assert product_id


async def test_backfill_on_sqlite(tmp_path: Path) -> None:
    await backfill(fast_settings(tmp_path).database_url)


@pytest.mark.postgres
def test_backfill_on_postgres() -> None:
    from tests.services import run_blocking

    with scratch_postgres_database("souk_public_points") as url:
        run_blocking(backfill(url))
