"""The users a go-live announcement tells (``Recipients``), as one SELECT of user ids.

Followers are read from ``follows`` by the seller's (followee, follower) index; neighbours
from ``users`` by the public point of their home (``near`` is the seller's public point too):
on PostgreSQL the ``public_home`` geography column (migration 0011, GiST), on SQLite a
bounding box on ``home_public_lat`` and the haversine (``sqlite_functions``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Float, Select, bindparam, exists, func, literal_column, select

from souk.adapters.sql.postgis import SPHERE, geography
from souk.adapters.sql.sqlite_functions import within_km
from souk.adapters.sql.tables import follows, users
from souk.domain.shared.geo import GeoPoint
from souk.domain.streams.announcement import Recipients
from souk.domain.streams.audience import NEIGHBORHOOD_RADIUS_KM

PUBLIC_HOME: ColumnElement[Any] = literal_column("users.public_home")


def recipient_ids(dialect: str, recipients: Recipients) -> tuple[ColumnElement[Any], Select[Any]]:
    """The user id column and a SELECT of it, with ``users`` joined (for their settings)."""
    seller = recipients.seller_id
    if recipients.follows is True:
        user_id: ColumnElement[Any] = follows.c.follower_id
        query = (
            select(user_id)
            .select_from(follows.join(users, users.c.id == follows.c.follower_id))
            .where(follows.c.followee_id == seller, follows.c.follower_id != seller)
        )
    else:
        user_id = users.c.id
        query = select(user_id).where(users.c.id != seller)
        if recipients.follows is False:
            follows_seller = exists().where(follows.c.follower_id == users.c.id, follows.c.followee_id == seller)
            query = query.where(~follows_seller)
    if recipients.near is not None:
        query = query.where(*_near(dialect, recipients.near))
    return user_id, query


def _near(dialect: str, center: GeoPoint) -> list[ColumnElement[bool]]:
    if dialect == "postgresql":
        point = geography(
            bindparam("near_lng", center.lng, type_=Float()), bindparam("near_lat", center.lat, type_=Float())
        )
        return [func.ST_DWithin(PUBLIC_HOME, point, NEIGHBORHOOD_RADIUS_KM * 1000.0, SPHERE)]
    return within_km(users.c.home_public_lat, users.c.home_public_lng, center, NEIGHBORHOOD_RADIUS_KM)
