"""Where a listing is, and the coarse position the world is allowed to see.

A seller's exact point stays on the server. The public position is the true point moved
by a fixed per-listing offset (derived from the listing id, so it never changes between
queries and averaging many answers reveals nothing) and then snapped to a ~500 m grid.
"""

from __future__ import annotations

import hashlib
import math
from uuid import UUID

from souk.domain.catalog.errors import InvalidCoordinates
from souk.domain.shared.geo import GeoPoint

MAX_ABS_LAT = 85.0  # near the poles a km-radius spans every longitude; no market lives there
GRID_M = 500.0
METRES_PER_DEGREE = 111_195.0
DISTANCE_STEP_KM = 0.1


def listing_point(lat: float, lng: float) -> GeoPoint:
    """A point a listing may have or a feed may be centred on; InvalidCoordinates otherwise."""
    if not (math.isfinite(lat) and math.isfinite(lng)) or abs(lat) > MAX_ABS_LAT or abs(lng) > 180.0:
        raise InvalidCoordinates()
    return GeoPoint(lat, lng)


def public_position(point: GeoPoint, listing_id: UUID) -> GeoPoint:
    digest = hashlib.sha256(b"souk-public-position:" + listing_id.bytes).digest()
    u = int.from_bytes(digest[:4], "big") / 2**32 - 0.5
    v = int.from_bytes(digest[4:8], "big") / 2**32 - 0.5
    lat_step = GRID_M / METRES_PER_DEGREE
    shifted_lat = point.lat + u * lat_step
    snapped_lat = max(-90.0, min(90.0, round(shifted_lat / lat_step) * lat_step))
    cos_lat = max(math.cos(math.radians(snapped_lat)), 0.01)
    lng_step = lat_step / cos_lat
    shifted_lng = point.lng + v * lng_step
    snapped_lng = round(shifted_lng / lng_step) * lng_step
    snapped_lng = (snapped_lng + 180.0) % 360.0 - 180.0
    return GeoPoint(round(snapped_lat, 5), round(snapped_lng, 5))


def shown_distance_km(true_distance_km: float) -> float:
    """Distances are measured on the true point and shown to 100 m."""
    return round(round(true_distance_km / DISTANCE_STEP_KM) * DISTANCE_STEP_KM, 1)


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
