from __future__ import annotations

import math

import pytest

from souk.domain.catalog.errors import InvalidCoordinates, InvalidRadius
from souk.domain.catalog.location import bounding_box, listing_point, shown_distance_km
from souk.domain.catalog.search import Area
from souk.domain.shared.geo import GeoPoint


@pytest.mark.parametrize(("lat", "lng"), [(90, 0), (-86, 0), (0, 180.5), (math.nan, 0), (0, math.inf)])
def test_poles_and_out_of_range_points_are_refused(lat: float, lng: float) -> None:
    with pytest.raises(InvalidCoordinates):
        listing_point(lat, lng)


@pytest.mark.parametrize("radius", [0, -1, math.nan, math.inf])
def test_radius_is_a_finite_positive_number(radius: float) -> None:
    with pytest.raises(InvalidRadius):
        Area.around(10, 10, radius)


@pytest.mark.parametrize(("asked", "used"), [(1e-9, 1.0), (0.999, 1.0), (1.0, 1.0), (7.5, 7.5), (100.01, 100.0)])
def test_radius_is_clamped_to_1_to_100_km(asked: float, used: float) -> None:
    assert Area.around(10, 10, asked).radius_km == used


def test_default_radius_is_10_km() -> None:
    assert Area.around(10, 10, None).radius_km == 10.0


def test_distances_are_shown_to_100_m_and_never_under_half_a_km() -> None:
    assert shown_distance_km(1.04999) == 1.0
    assert shown_distance_km(1.05001) == 1.1
    assert shown_distance_km(0.56) == 0.6
    assert shown_distance_km(0.51) == 0.5
    assert shown_distance_km(0.01) == 0.5
    assert shown_distance_km(0.0) == 0.5


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
