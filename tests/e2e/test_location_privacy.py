"""Issue 13, findings 1 and 2, as the attacker runs them over HTTP against the app, on both
deployments: nobody learns another person's place closer than 250 m.

On the code before the fix, the radius bisection below ended micrometres from the listing
(any radius > 0 was accepted and membership was decided on the exact point)."""

from __future__ import annotations

import math
import secrets
from typing import Any

from souk.domain.catalog.default_categories import category_id
from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.public_point import destination
from tests.e2e.conftest import Api

EAST_M_PER_DEG_AT_EQUATOR = 111_195.0


def hidden_home() -> GeoPoint:
    """Somewhere no other test lists (tests share their databases)."""
    return GeoPoint(-50.0 + secrets.randbelow(100_000) / 1000, -170.0 + secrets.randbelow(340_000) / 1000)


async def listing_at(api: Api, seller: dict[str, Any], place: GeoPoint) -> dict[str, Any]:
    body = {
        "title": "Bike",
        "price": {"amount": 1000, "currency": "EUR"},
        "category_id": str(category_id("bicycles")),
        "condition": "good",
        "feed_type": "community",
        "location": {"lat": place.lat, "lng": place.lng},
    }
    response = await api.client.post("/api/v1/products", json=body, headers=api.bearer(seller))
    assert response.status_code == 201, response.text
    return dict(response.json())


async def in_feed(api: Api, product_id: str, center: GeoPoint, radius_km: float) -> bool:
    params = {"lat": center.lat, "lng": center.lng, "radius_km": radius_km, "limit": 100}
    response = await api.client.get("/api/v1/feeds/community", params=params)
    assert response.status_code == 200, response.text
    return any(item["id"] == product_id for item in response.json()["items"])


async def bisect_radius(api: Api, product_id: str, center: GeoPoint) -> float:
    """The smallest radius (to a micrometre) at which the listing is in the feed."""
    low, high = 0.0, 30.0
    assert await in_feed(api, product_id, center, high)
    while high - low > 1e-9:
        middle = (low + high) / 2
        if await in_feed(api, product_id, center, middle):
            high = middle
        else:
            low = middle
    return high


def trilaterate(centers: list[GeoPoint], radii_km: list[float]) -> GeoPoint:
    """The point at those distances from the three centres (local plane, metres)."""
    origin = centers[0]
    scale = math.cos(math.radians(origin.lat))

    def xy(p: GeoPoint) -> tuple[float, float]:
        east = (p.lng - origin.lng) * EAST_M_PER_DEG_AT_EQUATOR * scale
        return east, (p.lat - origin.lat) * EAST_M_PER_DEG_AT_EQUATOR

    (x1, y1), (x2, y2), (x3, y3) = (xy(c) for c in centers)
    r1, r2, r3 = (r * 1000.0 for r in radii_km)
    a, b, c = 2 * (x2 - x1), 2 * (y2 - y1), r1**2 - r2**2 - x1**2 + x2**2 - y1**2 + y2**2
    d, e, f = 2 * (x3 - x1), 2 * (y3 - y1), r1**2 - r3**2 - x1**2 + x3**2 - y1**2 + y3**2
    x = (c * e - f * b) / (e * a - b * d)
    y = (c * d - a * f) / (b * d - a * e)
    return GeoPoint(origin.lat + y / EAST_M_PER_DEG_AT_EQUATOR, origin.lng + x / (EAST_M_PER_DEG_AT_EQUATOR * scale))


async def test_radius_bisection_and_averaging_end_at_least_250_m_from_the_place(api: Api) -> None:
    seller = await api.register()
    home = hidden_home()
    listings = [await listing_at(api, seller, home) for _ in range(20)]
    target = listings[0]["id"]

    # (1) The radius floor: 1e-9 km is raised to 1 km, so the listing is found 1 km around
    # its public point, and its distance is shown to 0.1 km, never under 0.5.
    shown_points = [GeoPoint(item["location"]["lat"], item["location"]["lng"]) for item in listings]
    public = shown_points[0]
    assert await in_feed(api, target, destination(public, 45.0, 990.0), 1e-9)

    # (2) Bisection on radius_km from three centres, then trilateration.
    centers = [destination(home, bearing, 3000.0) for bearing in (0.0, 120.0, 240.0)]
    radii = [await bisect_radius(api, target, center) for center in centers]
    found = trilaterate(centers, radii)
    bisection_error_m = found.distance_km(home) * 1000.0

    # (3) Averaging the shown positions of the seller's twenty listings.
    mean = GeoPoint(
        sum(p.lat for p in shown_points) / len(shown_points), sum(p.lng for p in shown_points) / len(shown_points)
    )
    averaging_error_m = mean.distance_km(home) * 1000.0

    print(f"location attack: bisection ends {bisection_error_m:.0f} m, averaging {averaging_error_m:.0f} m from home")
    assert found.distance_km(public) * 1000.0 < 5.0  # the attack works: it finds the public point...
    assert len(set(shown_points)) == 1  # ...which is one point for the place, whatever the listing
    assert bisection_error_m >= 250.0  # ...and that point is not the home
    assert averaging_error_m >= 250.0
