from __future__ import annotations

import math
from uuid import UUID, uuid4

import pytest

from souk.domain.catalog.errors import InvalidCoordinates, InvalidRadius
from souk.domain.catalog.location import bounding_box, listing_point, public_position, shown_distance_km
from souk.domain.catalog.search import Area
from souk.domain.shared.geo import GeoPoint


def test_public_position_is_stable_per_listing_and_about_500_m_off() -> None:
    point = GeoPoint(48.856613, 2.352222)
    listing = UUID("01890a5d-ac96-774b-bcce-b302099a8057")
    shown = public_position(point, listing)
    assert all(public_position(point, listing) == shown for _ in range(5))
    assert shown != point
    assert point.distance_km(shown) < 0.75


def test_public_positions_hide_small_moves_and_differ_between_listings() -> None:
    listing = uuid4()
    point = GeoPoint(40.7128, -74.0060)
    nudged = GeoPoint(40.7129, -74.0061)  # ~14 m away
    listings = [uuid4() for _ in range(200)]
    same_cell = sum(public_position(point, lid) == public_position(nudged, lid) for lid in listings)
    assert same_cell > 150  # most 14 m moves stay in the same ~500 m cell
    offsets = {public_position(point, uuid4()) for _ in range(50)}
    assert len(offsets) > 1
    assert public_position(point, listing) == public_position(point, listing)


def test_public_position_wraps_at_the_antimeridian() -> None:
    for _ in range(50):
        shown = public_position(GeoPoint(-17.0, 179.999), uuid4())
        assert -180.0 <= shown.lng <= 180.0
        assert GeoPoint(-17.0, 179.999).distance_km(shown) < 0.75


@pytest.mark.parametrize(("lat", "lng"), [(90, 0), (-86, 0), (0, 180.5), (math.nan, 0), (0, math.inf)])
def test_poles_and_out_of_range_points_are_refused(lat: float, lng: float) -> None:
    with pytest.raises(InvalidCoordinates):
        listing_point(lat, lng)


@pytest.mark.parametrize("radius", [0, -1, 100.01, math.nan])
def test_radius_is_positive_and_at_most_100(radius: float) -> None:
    with pytest.raises(InvalidRadius):
        Area.around(10, 10, radius)


def test_default_radius_is_10_km() -> None:
    assert Area.around(10, 10, None).radius_km == 10.0


def test_distances_are_shown_to_100_m() -> None:
    assert shown_distance_km(1.04999) == 1.0
    assert shown_distance_km(1.05001) == 1.1
    assert shown_distance_km(0.01) == 0.0


def test_bounding_box_splits_at_the_antimeridian_and_contains_the_circle() -> None:
    center = GeoPoint(-17.0, 179.95)
    low, high, ranges = bounding_box(center, 10)
    assert len(ranges) == 2
    assert ranges[0][1] == 180.0
    assert ranges[1][0] == -180.0
    for bearing in range(0, 360, 15):
        lat, lng = _destination(center, bearing, 9.99)
        assert low <= lat <= high
        assert any(a <= lng <= b for a, b in ranges)


def _destination(start: GeoPoint, bearing_deg: float, km: float) -> tuple[float, float]:
    r = km / 6371.0088
    lat1, lng1, b = math.radians(start.lat), math.radians(start.lng), math.radians(bearing_deg)
    lat2 = math.asin(math.sin(lat1) * math.cos(r) + math.cos(lat1) * math.sin(r) * math.cos(b))
    lng2 = lng1 + math.atan2(math.sin(b) * math.sin(r) * math.cos(lat1), math.cos(r) - math.sin(lat1) * math.sin(lat2))
    return math.degrees(lat2), (math.degrees(lng2) + 540) % 360 - 180
