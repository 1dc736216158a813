"""The public point: 500 m to 1 km from the place, a function of (key, owner, place) only."""

from __future__ import annotations

import math
import random
from uuid import UUID, uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.public_point import (
    MAX_OFFSET_M,
    MIN_OFFSET_M,
    PublicPoints,
    destination,
    key_from_secret,
)

PLACES = PublicPoints(key_from_secret("unit-test-secret"))
lats = st.floats(min_value=-90.0, max_value=90.0, allow_nan=False)
lngs = st.floats(min_value=-180.0, max_value=180.0, allow_nan=False)
owners = st.uuids()


def metres(a: GeoPoint, b: GeoPoint) -> float:
    return a.distance_km(b) * 1000.0


@settings(max_examples=2000, deadline=None)
@given(owner=owners, lat=lats, lng=lngs)
def test_every_place_is_half_a_km_to_a_km_from_its_public_point(owner: UUID, lat: float, lng: float) -> None:
    place = GeoPoint(lat, lng)
    shown = PLACES.of(owner, place)
    assert 500.0 <= MIN_OFFSET_M - 1.0 <= metres(place, shown) <= MAX_OFFSET_M + 1.0 <= 1000.0
    assert PLACES.of(owner, GeoPoint(lat, lng)) == shown  # deterministic


@pytest.mark.parametrize(
    ("lat", "lng"), [(90.0, 0.0), (-90.0, 123.0), (89.9999, 179.9999), (0.0, 180.0), (0.0, -180.0), (-17.0, 179.999)]
)
def test_poles_and_the_antimeridian_keep_the_bounds(lat: float, lng: float) -> None:
    for _ in range(200):
        shown = PLACES.of(uuid4(), GeoPoint(lat, lng))
        assert -180.0 <= shown.lng <= 180.0
        assert MIN_OFFSET_M - 1.0 <= metres(GeoPoint(lat, lng), shown) <= MAX_OFFSET_M + 1.0


@settings(max_examples=300, deadline=None)
@given(owner=owners, lat=st.floats(-80, 80), lng=lngs, bearing=st.floats(0, 360), nudge=st.floats(0, 5))
def test_a_fix_a_few_metres_off_almost_always_gives_the_same_point(
    owner: UUID, lat: float, lng: float, bearing: float, nudge: float
) -> None:
    place = GeoPoint(lat, lng)
    other = destination(place, bearing, nudge)
    first, second = PLACES.of(owner, place), PLACES.of(owner, other)
    # Across a cell border the points differ; each is still far from the place.
    assert first == second or min(metres(place, first), metres(place, second)) >= MIN_OFFSET_M - 6.0


def test_few_metre_moves_stay_in_their_cell_nearly_always() -> None:
    rng = random.Random(7)
    owner, same = uuid4(), 0
    for _ in range(2000):
        place = GeoPoint(rng.uniform(-60, 60), rng.uniform(-180, 180))
        same += PLACES.of(owner, place) == PLACES.of(owner, destination(place, rng.uniform(0, 360), 5.0))
    assert same / 2000 > 0.93  # 200 m cells: a 5 m move crosses a border ~4-5% of the time


def test_the_point_depends_on_the_key_and_the_owner_not_only_the_place() -> None:
    place, owner = GeoPoint(48.856613, 2.352222), uuid4()
    shown = PLACES.of(owner, place)
    assert PublicPoints(key_from_secret("another-secret")).of(owner, place) != shown
    others = {PLACES.of(uuid4(), place) for _ in range(50)}
    assert len(others) == 50  # mapping one's own cells says nothing about another owner's


def test_public_points_spread_all_around_the_place() -> None:
    """No bearing is favoured: the mean of many owners' offsets is near zero, so an
    attacker cannot correct for a bias."""
    place = GeoPoint(40.7128, -74.0060)
    north = east = 0.0
    for _ in range(4000):
        shown = PLACES.of(uuid4(), place)
        north += (shown.lat - place.lat) * 111_195.0
        east += (shown.lng - place.lng) * 111_195.0 * math.cos(math.radians(place.lat))
    assert math.hypot(north, east) / 4000 < 40.0  # vs ~750 m per point


def test_keys_are_long_secrets() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        PublicPoints(b"short")
    with pytest.raises(ValueError, match="non-empty"):
        key_from_secret("")
