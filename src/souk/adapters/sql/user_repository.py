from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from souk.adapters.sql.integrity import translate_unique_violation
from souk.adapters.sql.tables import users
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.user_repository import ProfileCounts, UserRepository
from souk.domain.accounts.errors import EmailTaken, PhoneTaken, UsernameTaken
from souk.domain.accounts.user import User
from souk.domain.accounts.values import Email, PhoneNumber, Role, SellerTier, Username
from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.public_point import PublicPoints

_UNIQUE = {"username": UsernameTaken, "email": EmailTaken, "phone": PhoneTaken}
# The columns ``to_entity`` maps: not the counters, the public home point or the suspension (each has its own reads).
_NOT_MAPPED = frozenset({"home_public_lat", "home_public_lng", "suspended_until", "banned", "suspension_reason"})
ENTITY_COLUMNS = [c for c in users.c if not c.name.endswith("_count") and c.name not in _NOT_MAPPED]
# Built once: a statement made per call costs more CPU than the query's round trip.
SELECT_USER_BY_ID = select(*ENTITY_COLUMNS).where(users.c.id == bindparam("user_id"))
SELECT_USERS_BY_IDS = select(*ENTITY_COLUMNS).where(users.c.id.in_(bindparam("user_ids", expanding=True)))
SELECT_COUNTS = select(
    users.c.followers_count, users.c.following_count, users.c.listings_count, users.c.sold_count
).where(users.c.id == bindparam("user_id"))
_BY_LOGIN = {
    kind: select(*ENTITY_COLUMNS).where(column == bindparam("login"))
    for kind, column in ((Username, users.c.username), (Email, users.c.email), (PhoneNumber, users.c.phone))
}


class SqlUserRepository(UserRepository):
    def __init__(self, uow: SqlUnitOfWork, places: PublicPoints) -> None:
        self._uow = uow
        self._places = places

    async def add(self, user: User) -> None:
        conn = await self._uow.connection()
        try:
            async with conn.begin_nested():
                await conn.execute(insert(users).values(**_to_row(user, self._places)))
        except IntegrityError as exc:
            raise translate_unique_violation(exc, _UNIQUE) or exc from None

    async def get(self, user_id: UUID) -> User | None:
        return await fetch_user(await self._uow.connection(), user_id)

    async def many(self, user_ids: Iterable[UUID]) -> dict[UUID, User]:
        return await fetch_users(await self._uow.connection(), user_ids)

    async def find_by_login(self, login: Username | Email | PhoneNumber) -> User | None:
        conn = await self._uow.connection()
        row = (await conn.execute(_BY_LOGIN[type(login)], {"login": login.value})).mappings().one_or_none()
        return to_entity(row) if row else None

    async def save(self, user: User) -> None:
        conn = await self._uow.connection()
        row = _to_row(user, self._places)
        row.pop("id")
        try:
            async with conn.begin_nested():
                await conn.execute(update(users).where(users.c.id == user.id).values(**row))
        except IntegrityError as exc:
            raise translate_unique_violation(exc, _UNIQUE) or exc from None


async def fetch_user(conn: AsyncConnection, user_id: UUID) -> User | None:
    row = (await conn.execute(SELECT_USER_BY_ID, {"user_id": user_id})).mappings().one_or_none()
    return to_entity(row) if row else None


async def fetch_users(conn: AsyncConnection, user_ids: Iterable[UUID]) -> dict[UUID, User]:
    wanted = list(dict.fromkeys(user_ids))
    if not wanted:
        return {}
    rows = (await conn.execute(SELECT_USERS_BY_IDS, {"user_ids": wanted})).mappings().all()
    return {row["id"]: to_entity(row) for row in rows}


async def fetch_counts(conn: AsyncConnection, user_id: UUID) -> ProfileCounts:
    row = (await conn.execute(SELECT_COUNTS, {"user_id": user_id})).one_or_none()
    return ProfileCounts(*row) if row else ProfileCounts()


def _to_row(user: User, places: PublicPoints) -> dict[str, Any]:
    public_home = places.of(user.id, user.home) if user.home else None
    return {
        "id": user.id,
        "username": user.username.value,
        "display_name": user.display_name,
        "password_hash": user.password_hash,
        "phone": user.phone.value if user.phone else None,
        "email": user.email.value if user.email else None,
        "phone_verified": user.phone_verified,
        "email_verified": user.email_verified,
        "avatar_url": user.avatar_url,
        "avatar_media_id": user.avatar_media_id,
        "bio": user.bio,
        "seller_tier": user.seller_tier.value,
        "role": user.role.value,
        "home_lat": user.home.lat if user.home else None,
        "home_lng": user.home.lng if user.home else None,
        "home_public_lat": public_home.lat if public_home else None,  # what others' answers read
        "home_public_lng": public_home.lng if public_home else None,
        "neighborhood": user.neighborhood,
        "notification_settings": user.notification_settings,
        "created_at": user.created_at,
        "updated_at": user.updated_at,
    }


def to_entity(row: Any) -> User:
    home = GeoPoint(row["home_lat"], row["home_lng"]) if row["home_lat"] is not None else None
    return User(
        id=row["id"],
        username=Username(row["username"]),
        display_name=row["display_name"],
        password_hash=row["password_hash"],
        phone=PhoneNumber(row["phone"]) if row["phone"] else None,
        email=Email(row["email"]) if row["email"] else None,
        phone_verified=row["phone_verified"],
        email_verified=row["email_verified"],
        avatar_url=row["avatar_url"],
        avatar_media_id=row["avatar_media_id"],
        bio=row["bio"],
        seller_tier=SellerTier(row["seller_tier"]),
        role=Role(row["role"]),
        home=home,
        neighborhood=row["neighborhood"],
        notification_settings=dict(row["notification_settings"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
