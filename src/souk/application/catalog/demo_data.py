"""Realistic-looking demo listings: several cities, every category, both feeds."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from souk.application.shared.ids import Ids
from souk.domain.accounts.user import User
from souk.domain.accounts.values import Email, SellerTier, Username
from souk.domain.catalog.category import Category
from souk.domain.catalog.product import Condition, FeedType, Product
from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.money import Money


@dataclass(frozen=True, slots=True)
class City:
    name: str
    lat: float
    lng: float
    currency: str
    spread_km: float


CITIES = (
    City("New York", 40.7128, -74.0060, "USD", 15),
    City("London", 51.5074, -0.1278, "GBP", 15),
    City("Paris", 48.8566, 2.3522, "EUR", 10),
    City("Tokyo", 35.6762, 139.6503, "JPY", 20),
    City("Kuwait City", 29.3759, 47.9774, "KWD", 12),
    City("Dubai", 25.2048, 55.2708, "AED", 15),
    City("Berlin", 52.5200, 13.4050, "EUR", 12),
    City("San Francisco", 37.7749, -122.4194, "USD", 10),
)
ADJECTIVES = ("Vintage", "Almost new", "Classic", "Compact", "Large", "Handmade", "Retro", "Premium", "Barely used")
NOUNS = {
    "phones": ("iPhone 13", "Pixel 7", "Galaxy S22"),
    "computers": ("MacBook Air", "ThinkPad X1", "gaming PC"),
    "audio": ("headphones", "turntable", "bluetooth speaker"),
    "cameras": ("mirrorless camera", "35mm lens", "film camera"),
    "gaming": ("PlayStation 5", "Switch console", "racing wheel"),
    "furniture": ("oak table", "sofa", "bookshelf", "desk chair"),
    "bicycles": ("road bike", "city bike", "kids bike"),
    "shoes": ("running shoes", "leather boots", "sneakers"),
}
DESCRIPTIONS = (
    "Works perfectly, selling because I moved.",
    "Original box and receipt included. Pick-up preferred.",
    "Small scratches, see photos. Smoke-free home.",
    "Used a handful of times; great condition.",
    "Can deliver within the city for a small fee.",
)
# Rough major-unit price ranges per currency exponent, for believable amounts.
PRICE_RANGE_MINOR = {"JPY": (500, 300_000), "KWD": (1_000, 500_000)}


class DemoDataFactory:
    def __init__(self, categories: list[Category], password_hash: str, now: datetime, ids: Ids, seed: int = 42) -> None:
        self._ids = ids
        self._leaves = [c for c in categories if c.parent_id is not None]
        self._password_hash = password_hash
        self._now = now
        self._random = random.Random(seed)
        self._run = f"{self._random.getrandbits(24):06x}"  # keeps usernames unique across seed runs

    def users(self, count: int, offset: int = 0) -> list[User]:
        users = []
        for n in range(offset, offset + count):
            created = self._now - timedelta(days=self._random.uniform(30, 700))
            users.append(
                User(
                    id=self._ids.new(),
                    username=Username(f"demo_{self._run}_{n}"),
                    display_name=f"Demo seller {n}",
                    password_hash=self._password_hash,
                    email=Email(f"demo_{self._run}_{n}@example.com"),
                    seller_tier=SellerTier.PRO if n % 5 == 0 else SellerTier.FREE,
                    bio="A demo account.",
                    created_at=created,
                    updated_at=created,
                )
            )
        return users

    def products(self, count: int, sellers: list[UUID]) -> list[Product]:
        rnd = self._random
        products = []
        for _ in range(count):
            city = rnd.choice(CITIES)
            category = rnd.choice(self._leaves)
            noun = rnd.choice(NOUNS.get(category.slug, (category.name.lower(),)))
            low, high = PRICE_RANGE_MINOR.get(city.currency, (500, 200_000))
            created = self._now - timedelta(seconds=rnd.uniform(0, 90 * 86_400))
            feed = FeedType.COMMUNITY if rnd.random() < 0.6 else FeedType.DISCOVER
            products.append(
                Product(
                    id=self._ids.new(),
                    seller_id=rnd.choice(sellers),
                    title=f"{rnd.choice(ADJECTIVES)} {noun}",
                    description=f"{rnd.choice(DESCRIPTIONS)} Located in {city.name}.",
                    price=Money(rnd.randint(low, high), city.currency),
                    category_id=category.id,
                    condition=rnd.choice(list(Condition)),
                    feed_type=feed,
                    image_urls=tuple(
                        f"https://picsum.photos/seed/{rnd.randint(1, 10**6)}/800/800" for _ in range(rnd.randint(1, 4))
                    ),
                    location=self._near(city),
                    created_at=created,
                    updated_at=created,
                )
            )
        return products

    def _near(self, city: City) -> GeoPoint:
        # Uniform over a disc of spread_km around the centre (1° lat ≈ 111 km).
        radius = city.spread_km * self._random.random() ** 0.5 / 111.195
        angle = self._random.uniform(0, 6.283185307179586)
        lat = city.lat + radius * math.sin(angle)
        lng = city.lng + radius * math.cos(angle) / math.cos(math.radians(city.lat))
        return GeoPoint(round(lat, 6), round(lng, 6))
