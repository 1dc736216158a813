from __future__ import annotations

from typing import Annotated

import msgspec

from souk.entrypoints.wire.bodies import Body as Body


class GeoPointIn(Body):
    lat: Annotated[float, msgspec.Meta(ge=-90, le=90)]
    lng: Annotated[float, msgspec.Meta(ge=-180, le=180)]


class GeoPointOut(msgspec.Struct):
    lat: float
    lng: float


class StatusOut(msgspec.Struct):
    status: str
