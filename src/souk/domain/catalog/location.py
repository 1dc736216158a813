"""Where a listing may be, and how distances to it are shown.

A seller's exact point stays on the server; every answer about it is computed from its
public point (``souk.domain.shared.public_point``).
"""

from __future__ import annotations

import math

from souk.domain.catalog.errors import InvalidCoordinates
from souk.domain.shared.geo import GeoPoint

MAX_ABS_LAT = 85.0  # near the poles a km-radius spans every longitude; no market lives there
DISTANCE_STEP_KM = 0.1
MIN_SHOWN_KM = 0.5


def listing_point(lat: float, lng: float) -> GeoPoint:
    """A point a listing may have or a feed may be centred on; InvalidCoordinates otherwise."""
    if not (math.isfinite(lat) and math.isfinite(lng)) or abs(lat) > MAX_ABS_LAT or abs(lng) > 180.0:
        raise InvalidCoordinates()
    return GeoPoint(lat, lng)


def shown_distance_km(distance_km: float) -> float:
    """A distance (to a public point) as answers show it: to 100 m, never under
    ``MIN_SHOWN_KM``; the place itself is at least that far from its public point anyway."""
    return max(MIN_SHOWN_KM, round(round(distance_km / DISTANCE_STEP_KM) * DISTANCE_STEP_KM, 1))


def bounding_box(center: GeoPoint, radius_km: float) -> tuple[float, float, list[tuple[float, float]]]:
    """A lat range and one or two lng ranges (split at the antimeridian) that contain every
    point within ``radius_km`` of ``center``; a cheap pre-filter before the exact distance."""
    dlat = math.degrees(radius_km / 6371.0088) * 1.01
    edge_lat = min(89.9, abs(center.lat) + dlat)
    dlng = min(180.0, dlat / math.cos(math.radians(edge_lat)))
    low, high = center.lng - dlng, center.lng + dlng
    if dlng >= 180.0:
        ranges = [(-180.0, 180.0)]
    elif low < -180.0:
        ranges = [(low + 360.0, 180.0), (-180.0, high)]
    elif high > 180.0:
        ranges = [(low, 180.0), (-180.0, high - 360.0)]
    else:
        ranges = [(low, high)]
    return center.lat - dlat, center.lat + dlat, ranges
