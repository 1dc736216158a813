from __future__ import annotations

from typing import Annotated

import msgspec

from souk.domain.catalog.location import MAX_ABS_LAT
from souk.entrypoints.wire.bodies import Body as Body
from souk.entrypoints.wire.geo import GeoPointOut as GeoPointOut


class GeoPointIn(Body):
    """A point on Earth in degrees. Latitudes beyond ±85 are refused: near the poles a
    kilometre radius spans every longitude, and no market lives there."""

    lat: Annotated[float, msgspec.Meta(ge=-MAX_ABS_LAT, le=MAX_ABS_LAT)]
    lng: Annotated[float, msgspec.Meta(ge=-180, le=180)]


class StatusOut(msgspec.Struct):
    status: str
