"""The public point of a place: all that anyone else may learn of where a person lives or sells.

A place is snapped to a cell of a grid of 200 m cubes in Earth-centred coordinates (so the
poles and the antimeridian need no special case). The cell's *anchor* is the point of the
surface nearest the cube's centre; every place in the cell lies within ``CELL_REACH_M``
(half the cube's diagonal, 173.2 m) of it. The public point is the anchor moved 690 to 810 m
along a bearing, distance and bearing drawn from a keyed hash of the owner and the cell.
So every place lies ``MIN_OFFSET_M`` to ``MAX_OFFSET_M`` (516 to 984 m) from its public point,
and the public point depends only on (key, owner, cell): the same home, or a GPS fix a
few metres off in the same cell, always gives the same one; repeating or averaging
answers gains nothing.

Why the owner is in the hash, and the grid is shifted per owner: the function is
deterministic, so anyone can evaluate it for places of their choosing through their own
listings. With one function for everybody, an attacker could map every cell of a district
with a few dozen throw-away listings and then look up which cell a victim's public point
belongs to, i.e. learn the place to within the cell. Per owner, mapping one's own function
says nothing about anyone else's, and without the key the cell borders are unknown too.

What is not promised: a place whose GPS fixes straddle a cell border (a few metres apart
across it) gets two, or near a cube's edge up to four, different public points; each is
still 516 to 984 m away, and the place lies in the overlap of their rings, which narrows it
but, the rings being 468 m wide and their centres random, not to a single point.
"""

from __future__ import annotations

import functools
import hmac
import math
import struct
from dataclasses import dataclass
from uuid import UUID

from souk.domain.shared.geo import EARTH_RADIUS_KM, GeoPoint

EARTH_RADIUS_M = EARTH_RADIUS_KM * 1000.0
CELL_M = 200.0
CELL_REACH_M = CELL_M * math.sqrt(3.0) / 2.0  # a place is at most this far from its cell's anchor
OFFSET_LOW_M = 690.0  # the anchor's move, drawn uniformly in [OFFSET_LOW_M, OFFSET_HIGH_M)
OFFSET_HIGH_M = 810.0
MIN_OFFSET_M = OFFSET_LOW_M - CELL_REACH_M  # so a place is 516.8 m to 983.2 m from its public point
MAX_OFFSET_M = OFFSET_HIGH_M + CELL_REACH_M
DECIMALS = 5  # ~1 m: finer digits would only look precise
MIN_KEY_BYTES = 16


@dataclass(frozen=True, slots=True)
class PublicPoints:
    """The keyed public-point function; ``key`` is a server secret (see ``SOUK_LOCATION_SECRET``)."""

    key: bytes

    def __post_init__(self) -> None:
        if len(self.key) < MIN_KEY_BYTES:
            raise ValueError(f"The public-point key needs at least {MIN_KEY_BYTES} bytes.")

    def of(self, owner_id: UUID, place: GeoPoint) -> GeoPoint:
        """The public point of ``owner_id``'s ``place``."""
        owner_key, shift = _owner(self.key, owner_id)
        cell = tuple(math.floor(c / CELL_M - s) for c, s in zip(_cartesian(place), shift, strict=True))
        centre = tuple((i + 0.5 + s) * CELL_M for i, s in zip(cell, shift, strict=True))
        anchor = _surface_point(centre)
        bearing_u, distance_u = _fractions(hmac.digest(owner_key, b"cell" + struct.pack(">3q", *cell), "sha256"), 2)
        moved = destination(anchor, 360.0 * bearing_u, OFFSET_LOW_M + (OFFSET_HIGH_M - OFFSET_LOW_M) * distance_u)
        return GeoPoint(round(moved.lat, DECIMALS), round(moved.lng, DECIMALS))


@functools.lru_cache(maxsize=4096)
def _owner(key: bytes, owner_id: UUID) -> tuple[bytes, tuple[float, ...]]:
    """The owner's own key and grid shift (cached: a demo seed or a feed page meets the same
    sellers again and again)."""
    owner_key = hmac.digest(key, b"souk-public-point-owner:" + owner_id.bytes, "sha256")
    return owner_key, _fractions(hmac.digest(owner_key, b"grid", "sha256"), 3)


def key_from_secret(secret: str, label: bytes = b"souk-public-points") -> bytes:
    """A 32-byte key for :class:`PublicPoints` derived from a configured secret string."""
    if not secret:
        raise ValueError("The public-point key needs a non-empty secret.")
    return hmac.digest(secret.encode(), label, "sha256")


def destination(start: GeoPoint, bearing_deg: float, metres: float) -> GeoPoint:
    """The point ``metres`` away along the great circle leaving ``start`` at ``bearing_deg``;
    exactly that far even from a pole, where bearings degenerate."""
    angle = metres / EARTH_RADIUS_M
    lat1, lng1, bearing = math.radians(start.lat), math.radians(start.lng), math.radians(bearing_deg)
    sin_lat2 = math.sin(lat1) * math.cos(angle) + math.cos(lat1) * math.sin(angle) * math.cos(bearing)
    lat2 = math.asin(max(-1.0, min(1.0, sin_lat2)))
    lng2 = lng1 + math.atan2(
        math.sin(bearing) * math.sin(angle) * math.cos(lat1), math.cos(angle) - math.sin(lat1) * sin_lat2
    )
    lng = (math.degrees(lng2) + 540.0) % 360.0 - 180.0
    return GeoPoint(max(-90.0, min(90.0, math.degrees(lat2))), lng)


def _cartesian(place: GeoPoint) -> tuple[float, float, float]:
    lat, lng = math.radians(place.lat), math.radians(place.lng)
    return (
        EARTH_RADIUS_M * math.cos(lat) * math.cos(lng),
        EARTH_RADIUS_M * math.cos(lat) * math.sin(lng),
        EARTH_RADIUS_M * math.sin(lat),
    )


def _surface_point(xyz: tuple[float, ...]) -> GeoPoint:
    """The point of the sphere nearest ``xyz`` (which is thousands of km from the centre)."""
    x, y, z = xyz
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    lng = math.degrees(math.atan2(y, x))
    return GeoPoint(lat, lng)


def _fractions(digest: bytes, count: int) -> tuple[float, ...]:
    """``count`` numbers in [0, 1) from 8 bytes of the digest each."""
    return tuple(int.from_bytes(digest[8 * i : 8 * i + 8], "big") / 2**64 for i in range(count))
