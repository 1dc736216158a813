"""The FastAPI peer for GET /api/v1/users/me: what a competent FastAPI developer would write.

FastAPI + pydantic v2 + SQLAlchemy 2 ORM on asyncpg, one ``AsyncSession`` per request from a
dependency, ``HTTPBearer`` for the token, a pydantic response model. Same work as Souk: HS256
pinned, iss/aud/exp/iat/sub/typ checked (5 s leeway), one primary-key read of the same columns
of the ``users`` table (migrated by Souk) outer-joined to the seller's ``payout_accounts`` row and
the avatar's ``media`` row, the same response fields (``payouts`` included), the same pool size.

Configuration (environment): BENCH_DATABASE_URL, BENCH_JWT_SECRET, BENCH_JWT_ISSUER (souk),
BENCH_JWT_AUDIENCE (souk-api), BENCH_DB_POOL_SIZE (10), BENCH_DB_MAX_OVERFLOW (10): the harness
copies both from the pool Souk's engine factory builds.
Run: ``uvicorn fastapi_users_me:app --app-dir benchmarks/peers --loop uvloop --http httptools``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated, Any

import jwt
from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy import JSON, BigInteger, DateTime, Float, String, Text, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/souk")
JWT_SECRET = os.environ.get("BENCH_JWT_SECRET", "")
JWT_ISSUER = os.environ.get("BENCH_JWT_ISSUER", "souk")
JWT_AUDIENCE = os.environ.get("BENCH_JWT_AUDIENCE", "souk-api")
POOL_SIZE = int(os.environ.get("BENCH_DB_POOL_SIZE", "10"))
MAX_OVERFLOW = int(os.environ.get("BENCH_DB_MAX_OVERFLOW", "10"))

engine = create_async_engine(DATABASE_URL, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW)
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class User(Base):
    """The columns of Souk's ``users`` table that a user entity carries (not the counters, the public
    home point or the suspension: Souk's ``/users/me`` reads none of them)."""

    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30))
    display_name: Mapped[str] = mapped_column(String(50))
    password_hash: Mapped[str] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(254))
    phone_verified: Mapped[bool]
    email_verified: Mapped[bool]
    avatar_url: Mapped[str | None] = mapped_column(String(2048))
    avatar_media_id: Mapped[uuid.UUID | None]  # an uploaded avatar (the benchmark's users have none)
    bio: Mapped[str] = mapped_column(Text)
    seller_tier: Mapped[str] = mapped_column(String(8))
    role: Mapped[str] = mapped_column(String(16))
    home_lat: Mapped[float | None] = mapped_column(Float)
    home_lng: Mapped[float | None] = mapped_column(Float)
    neighborhood: Mapped[str | None] = mapped_column(String(80))
    notification_settings: Mapped[dict[str, bool]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PayoutAccount(Base):
    """Souk's ``payout_accounts``: a seller's connected account at the payment provider."""

    __tablename__ = "payout_accounts"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(16))
    account_id: Mapped[str] = mapped_column(String(255))
    payouts_enabled: Mapped[bool]
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Media(Base):
    """Souk's ``media``: an avatar is an uploaded image's row (read with the account; the
    benchmark's users have none, so the answer's ``avatar`` stays null)."""

    __tablename__ = "media"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    owner_id: Mapped[uuid.UUID]
    kind: Mapped[str] = mapped_column(String(8))
    content_type: Mapped[str] = mapped_column(String(64))
    declared_size: Mapped[int] = mapped_column(BigInteger)
    filename: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata", JSON)
    outputs: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    original_key: Mapped[str | None] = mapped_column(String(300))
    image: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Location(BaseModel):
    lat: float
    lng: float


class PayoutsOut(BaseModel):
    provider: str | None
    onboarded: bool
    enabled: bool

    @classmethod
    def of(cls, account: PayoutAccount | None) -> PayoutsOut:
        if account is None:
            return cls(provider=None, onboarded=False, enabled=False)
        return cls(provider=account.provider, onboarded=True, enabled=account.payouts_enabled)


class UserOut(BaseModel):
    id: uuid.UUID
    username: str
    display_name: str
    phone: str | None
    email: str | None
    phone_verified: bool
    email_verified: bool
    avatar_url: str | None
    avatar: dict[str, object] | None = None  # an uploaded avatar's variants; the benchmark's users have none
    bio: str
    seller_tier: str
    created_at: datetime
    location: Location | None
    neighborhood: str | None
    notification_settings: dict[str, bool]
    payouts: PayoutsOut

    @classmethod
    def of(cls, user: User, payout_account: PayoutAccount | None) -> UserOut:
        home = Location(lat=user.home_lat, lng=user.home_lng) if user.home_lat is not None else None
        return cls(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            phone=user.phone,
            email=user.email,
            phone_verified=user.phone_verified,
            email_verified=user.email_verified,
            avatar_url=user.avatar_url,
            bio=user.bio,
            seller_tier=user.seller_tier,
            created_at=user.created_at,
            location=home,
            neighborhood=user.neighborhood,
            notification_settings=user.notification_settings,
            payouts=PayoutsOut.of(payout_account),
        )


async def get_session() -> AsyncIterator[AsyncSession]:
    async with SessionLocal() as session:
        yield session


# The user, their payout account (none until they onboard) and their avatar's media in one
# statement, as Souk reads them.
MY_ACCOUNT = (
    select(User, PayoutAccount, Media)
    .outerjoin(PayoutAccount, PayoutAccount.user_id == User.id)
    .outerjoin(Media, Media.id == User.avatar_media_id)
)
bearer = HTTPBearer(auto_error=False)
UNAUTHORIZED = HTTPException(
    status.HTTP_401_UNAUTHORIZED, "Invalid or expired access token", headers={"WWW-Authenticate": "Bearer"}
)


async def current_user_id(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> uuid.UUID:
    if credentials is None:
        raise UNAUTHORIZED
    try:
        claims: dict[str, Any] = jwt.decode(
            credentials.credentials,
            JWT_SECRET,
            algorithms=["HS256"],
            audience=JWT_AUDIENCE,
            issuer=JWT_ISSUER,
            options={"require": ["exp", "iat", "iss", "aud", "sub", "typ"]},
            leeway=5,
        )
        if claims["typ"] != "access":
            raise UNAUTHORIZED
        return uuid.UUID(claims["sub"])
    except (jwt.PyJWTError, ValueError) as exc:
        raise UNAUTHORIZED from exc


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    yield
    await engine.dispose()


app = FastAPI(title="peer: users/me", lifespan=lifespan)


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/api/v1/users/me")
async def me(
    user_id: Annotated[uuid.UUID, Depends(current_user_id)],
    session: Annotated[AsyncSession, Depends(get_session)],
) -> UserOut:
    found = (await session.execute(MY_ACCOUNT.where(User.id == user_id))).first()
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such user")
    user, payout_account, _avatar = found  # no avatar variants to show: the users have none
    return UserOut.of(user, payout_account)
