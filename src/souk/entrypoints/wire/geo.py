from __future__ import annotations

import msgspec


class GeoPointOut(msgspec.Struct):
    lat: float
    lng: float
