"""Drives the catalog use cases through a real container on one of three backends; the
``catalog`` fixture (imported by the suites that use it) is parametrised over them."""

from __future__ import annotations

import math
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from dishka import AsyncContainer

from souk.application.accounts.create_user import CreateUser
from souk.application.accounts.user_factory import NewUser
from souk.application.catalog.create_product import CreateProduct
from souk.application.ports.catalog_reader import Listing
from souk.application.shared.paging import Page
from souk.bootstrap.container import build_container
from souk.bootstrap.settings import Settings
from souk.domain.catalog.default_categories import category_id
from souk.domain.catalog.product import Condition, FeedType, ProductDraft
from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.money import Money
from tests.support import fast_settings, unique


class Catalog:
    def __init__(self, container: AsyncContainer, backend: str) -> None:
        self.container = container
        self.backend = backend
        self.shown: dict[UUID, GeoPoint] = {}  # each created product's public point, as answers show it

    async def run(self, kind: type[Any], *args: Any) -> Any:
        """Calls a use case in its own request scope, as one HTTP request would."""
        async with self.container() as request:
            use_case = await request.get(kind)
            return await use_case(*args)

    async def user(self) -> UUID:
        data = NewUser(unique("cu"), "Contract user", "plum kettle orbit saffron", email=f"{unique()}@ex.com")
        return (await self.run(CreateUser, data)).id  # type: ignore[no-any-return]

    async def product(
        self,
        seller: UUID,
        *,
        title: str = "Thing",
        description: str = "",
        at: GeoPoint | None = None,
        feed: FeedType = FeedType.COMMUNITY,
        price: int = 1000,
        category: str = "bicycles",
        condition: Condition = Condition.GOOD,
    ) -> UUID:
        draft = ProductDraft(
            title=title,
            description=description,
            price=Money(price, "EUR"),
            category_id=category_id(category),
            condition=condition,
            feed_type=feed,
            location=at,
        )
        listing: Listing = await self.run(CreateProduct, seller, draft)
        if listing.public_location is not None:
            self.shown[listing.product.id] = listing.public_location
        return listing.product.id

    def by_shown_distance(self, center: GeoPoint, products: list[UUID]) -> list[UUID]:
        """The products nearest first by their public points (ties by id), as feeds order them."""
        return sorted(products, key=lambda p: (center.distance_km(self.shown[p]), p))


def ids(page: Page[Listing]) -> list[UUID]:
    return [item.product.id for item in page.items]


def somewhere() -> GeoPoint:
    """A random spot no other test uses (tests share one SQL database), away from the poles."""
    lat = -60 + secrets.randbelow(120_000) / 1000
    lng = -170 + secrets.randbelow(340_000) / 1000
    return GeoPoint(round(lat, 4), round(lng, 4))


def destination(start: GeoPoint, bearing_deg: float, km: float) -> GeoPoint:
    r = km / 6371.0088
    lat1, lng1, b = math.radians(start.lat), math.radians(start.lng), math.radians(bearing_deg)
    lat2 = math.asin(math.sin(lat1) * math.cos(r) + math.cos(lat1) * math.sin(r) * math.cos(b))
    lng2 = lng1 + math.atan2(math.sin(b) * math.sin(r) * math.cos(lat1), math.cos(r) - math.sin(lat1) * math.sin(lat2))
    return GeoPoint(math.degrees(lat2), (math.degrees(lng2) + 540) % 360 - 180)


@pytest.fixture(
    name="catalog_backend",
    params=[
        "memory",
        "sqlite",
        pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis]),
    ],
)
def catalog_backend_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Settings]:
    """Synchronous, so the session database fixtures (which run their own loop) can start."""
    if request.param == "memory":
        return "memory", fast_settings(tmp_path)
    settings: Settings = request.getfixturevalue(f"{request.param}_settings")
    return request.param, settings


@pytest.fixture(name="catalog")
async def catalog_fixture(catalog_backend: tuple[str, Settings]) -> AsyncIterator[Catalog]:
    backend, settings = catalog_backend
    container = build_container(settings, in_memory=backend == "memory")
    try:
        yield Catalog(container, backend)
    finally:
        await container.close()
