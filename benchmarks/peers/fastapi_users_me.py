"""The FastAPI peer for GET /api/v1/users/me: what a competent FastAPI developer would write.

FastAPI + pydantic v2 + SQLAlchemy 2 ORM on asyncpg, one ``AsyncSession`` per request from a
dependency, ``HTTPBearer`` for the token, a pydantic response model. Same work as Souk: HS256
pinned, iss/aud/exp/iat/sub/typ checked (5 s leeway), one primary-key read of the same columns
of the ``users`` table (migrated by Souk), the same response fields, the same pool size.

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
from sqlalchemy import JSON, DateTime, Float, String, Text
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
    """The columns of Souk's ``users`` table that a user entity carries (not the counters)."""

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
    bio: Mapped[str] = mapped_column(Text)
    seller_tier: Mapped[str] = mapped_column(String(8))
    role: Mapped[str] = mapped_column(String(16))
    home_lat: Mapped[float | None] = mapped_column(Float)
    home_lng: Mapped[float | None] = mapped_column(Float)
    neighborhood: Mapped[str | None] = mapped_column(String(80))
    notification_settings: Mapped[dict[str, bool]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Location(BaseModel):
    lat: float
    lng: float


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

    @classmethod
    def of(cls, user: User) -> UserOut:
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
        )


async def get_session() -> AsyncIterator[AsyncSession]:
    async with SessionLocal() as session:
        yield session


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
    user = await session.get(User, user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such user")
    return UserOut.of(user)
