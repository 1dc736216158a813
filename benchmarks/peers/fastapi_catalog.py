"""The FastAPI peer for GET /api/v1/feeds/discover: what a competent FastAPI developer would write.

FastAPI + pydantic v2 + SQLAlchemy 2 ORM on asyncpg, one ``AsyncSession`` per request from a
dependency, pydantic response models. Same work as Souk: discover products that are available,
newest first (keyset on ``(created_at, id)`` through the same index), each with its seller (one
inner join), leaving out sellers suspended or banned now (Souk reads who is, on every page;
the peer filters the joined seller: the same answer, in the same statement), the stored public
point (the columns Souk shows, so both answer the same JSON), a next cursor when there is a next
page, and on the first page ``live_now``: the streams live now, newest first, at most 10 (a
second statement, as Souk's; its viewer counts live in Souk's process or Redis, which the peer
has not: it shows 0, and the benchmark's data has no live stream). Same pool.

Configuration (environment): BENCH_DATABASE_URL, BENCH_DB_POOL_SIZE (20), BENCH_DB_MAX_OVERFLOW
(0): the harness copies both from the pool Souk's engine factory builds.
Run: ``uvicorn fastapi_catalog:app --app-dir benchmarks/peers --loop uvloop --http httptools``.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, status
from pydantic import BaseModel
from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Float, ForeignKey, String, Text, func, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, contains_eager, mapped_column, relationship

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/souk")
POOL_SIZE = int(os.environ.get("BENCH_DB_POOL_SIZE", "20"))
MAX_OVERFLOW = int(os.environ.get("BENCH_DB_MAX_OVERFLOW", "0"))
LIVE_NOW_MAX = 10

engine = create_async_engine(DATABASE_URL, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW)
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class User(Base):
    """The seller columns a listing shows (Souk's ``users`` table, migrated by Souk)."""

    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30))
    display_name: Mapped[str] = mapped_column(String(50))
    seller_tier: Mapped[str] = mapped_column(String(8))
    banned: Mapped[bool] = mapped_column(Boolean)
    suspended_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Product(Base):
    """Every column of Souk's ``products`` table that Souk reads (the PostGIS and tsvector
    columns are maintained by the database and not selected by either side)."""

    __tablename__ = "products"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seller_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    price_amount: Mapped[int] = mapped_column(BigInteger)
    price_currency: Mapped[str] = mapped_column(String(3))
    category_id: Mapped[uuid.UUID]
    condition: Mapped[str] = mapped_column(String(10))
    feed_type: Mapped[str] = mapped_column(String(10))
    image_urls: Mapped[list[str]] = mapped_column(JSON)
    video_media_id: Mapped[uuid.UUID | None]
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    public_lat: Mapped[float | None] = mapped_column(Float)
    public_lng: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(10))
    accepted_offer_id: Mapped[uuid.UUID | None]
    saves_count: Mapped[int]
    likes_count: Mapped[int]
    views_count: Mapped[int]
    quantity: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    seller: Mapped[User] = relationship(lazy="raise")


class Stream(Base):
    """Souk's ``streams`` table: every column, as Souk's live rail reads them."""

    __tablename__ = "streams"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seller_id: Mapped[uuid.UUID]
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    scheduled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    key_digest: Mapped[str | None] = mapped_column(String(64))
    ingest_state: Mapped[str | None] = mapped_column(String(12))
    interrupted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    end_reason: Mapped[str | None] = mapped_column(String(16))
    recording_path: Mapped[str | None] = mapped_column(Text)
    replay_media_id: Mapped[uuid.UUID | None]
    totals: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LiveStreamOut(BaseModel):
    id: uuid.UUID
    title: str
    seller_id: uuid.UUID
    viewers: int
    started_at: datetime
    thumbnail_url: str | None

    @classmethod
    def of(cls, s: Stream) -> LiveStreamOut:
        return cls(
            id=s.id,
            title=s.title,
            seller_id=s.seller_id,
            viewers=0,
            started_at=s.started_at or s.created_at,
            thumbnail_url=None,
        )


class SellerOut(BaseModel):
    id: uuid.UUID
    username: str
    display_name: str
    seller_tier: str


class MoneyOut(BaseModel):
    amount: int
    currency: str


class PointOut(BaseModel):
    lat: float
    lng: float


class VideoOut(BaseModel):
    media_id: uuid.UUID


class ProductOut(BaseModel):
    id: uuid.UUID
    seller: SellerOut
    title: str
    description: str
    price: MoneyOut
    category_id: uuid.UUID
    condition: str
    feed_type: str
    image_urls: list[str]
    images: list[dict[str, object]]  # uploaded images with their variants: the demo data has none
    video: VideoOut | None
    location: PointOut | None
    status: str
    saves_count: int
    likes_count: int
    views_count: int
    quantity: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, p: Product) -> ProductOut:
        located = p.public_lat is not None and p.public_lng is not None
        shown = PointOut(lat=p.public_lat, lng=p.public_lng) if located else None
        return cls(
            id=p.id,
            seller=SellerOut(
                id=p.seller.id,
                username=p.seller.username,
                display_name=p.seller.display_name,
                seller_tier=p.seller.seller_tier,
            ),
            title=p.title,
            description=p.description,
            price=MoneyOut(amount=p.price_amount, currency=p.price_currency),
            category_id=p.category_id,
            condition=p.condition,
            feed_type=p.feed_type,
            image_urls=p.image_urls,
            images=[],
            video=VideoOut(media_id=p.video_media_id) if p.video_media_id else None,
            location=shown,
            status=p.status,
            saves_count=p.saves_count,
            likes_count=p.likes_count,
            views_count=p.views_count,
            quantity=p.quantity,
            created_at=p.created_at,
            updated_at=p.updated_at,
        )


class DiscoverPage(BaseModel):
    items: list[ProductOut]
    next_cursor: str | None
    live_now: list[LiveStreamOut]


def encode_cursor(p: Product) -> str:
    return base64.urlsafe_b64encode(json.dumps([p.created_at.isoformat(), str(p.id)]).encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        at, ident = json.loads(base64.urlsafe_b64decode(cursor))
        return datetime.fromisoformat(at), uuid.UUID(ident)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "Invalid cursor") from exc


LIVE_NOW = (
    select(Stream)
    .where(Stream.status == "live")
    .order_by(Stream.started_at.desc(), Stream.id.desc())
    .limit(LIVE_NOW_MAX)
)


async def get_session() -> AsyncIterator[AsyncSession]:
    async with SessionLocal() as session:
        yield session


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    yield
    await engine.dispose()


app = FastAPI(title="peer: catalog discover", lifespan=lifespan)


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/api/v1/feeds/discover")
async def discover(
    session: Annotated[AsyncSession, Depends(get_session)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: str | None = None,
) -> DiscoverPage:
    query = (
        select(Product)
        .join(Product.seller)
        .options(contains_eager(Product.seller))
        .where(Product.feed_type == "discover", Product.status == "available")
        .where(User.banned.is_not(True), or_(User.suspended_until.is_(None), User.suspended_until <= func.now()))
        .order_by(Product.created_at.desc(), Product.id.desc())
        .limit(limit + 1)
    )
    if cursor:
        query = query.where(tuple_(Product.created_at, Product.id) < tuple_(*decode_cursor(cursor)))
    rows = list((await session.scalars(query)).all())
    page = rows[:limit]
    next_cursor = encode_cursor(page[-1]) if len(rows) > limit else None
    live_now = [] if cursor else [LiveStreamOut.of(s) for s in await session.scalars(LIVE_NOW)]
    return DiscoverPage(items=[ProductOut.of(p) for p in page], next_cursor=next_cursor, live_now=live_now)
