"""Geographic points as validated value objects."""

from __future__ import annotations

import math
from dataclasses import dataclass

from souk.domain.shared.errors import InvalidInput

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class GeoPoint:
    lat: float
    lng: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.lat) and math.isfinite(self.lng)):
            raise InvalidInput("Coordinates must be finite numbers.", field="location")
        if not -90.0 <= self.lat <= 90.0:
            raise InvalidInput("Latitude must lie between -90 and 90.", field="lat")
        if not -180.0 <= self.lng <= 180.0:
            raise InvalidInput("Longitude must lie between -180 and 180.", field="lng")

    def distance_km(self, other: GeoPoint) -> float:
        """Great-circle distance (haversine)."""
        p1, p2 = math.radians(self.lat), math.radians(other.lat)
        dp = p2 - p1
        dl = math.radians(other.lng - self.lng)
        a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
