"""The python-socketio peer for a live room: what a competent python-socketio developer would
write for "viewers join a live stream's room, chat and react, everyone in the room sees it".

python-socketio ``AsyncServer`` (ASGI) with ``AsyncRedisManager`` (room emits reach every server
process), SQLAlchemy 2 ORM on asyncpg, redis-py for counters, the ``limits`` library (moving
window in Redis) for per-viewer rate limits — the same work per frame as Souk's live room:

- ``connect``: the JWT from the auth payload, checked like Souk checks it; the user id goes into
  the Socket.IO session.
- ``stream:join`` ``{stream_id}``: the stream is read (404 unless live, audience ``everyone``
  or the viewer follows the seller for ``followers``; the seller is always admitted); a
  ``stream_viewers`` row is written (join time, for the analytics), the viewer counted in a Redis
  set, the viewer's name read for chat; the socket enters the room ``stream:<id>``; ack with the
  stream and its product ids and the viewer count.
- ``stream:chat`` ``{stream_id, content}``: 1 to 500 characters after trimming; the socket must be
  in the room; the stream read (live, chat enabled); 5 lines per 5 s per viewer and stream; the
  chat counter incremented; ``stream:chat:new`` ``{stream_id, message_id, user, content, at}``
  emitted to the room; ack ``{message_id}``.
- ``stream:reaction`` ``{stream_id, emoji}``: one of ❤️ 🔥 👏 😂 😮 💎; in the room; stream live;
  10 per 5 s per viewer; the likes counter incremented; ``stream:reaction:new``
  ``{stream_id, emoji, user_id}`` emitted to the room.
Errors are acked as ``{"error": {"code", "detail"}}``.

Configuration (environment): BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_SOCKETIO_CHANNEL,
BENCH_JWT_SECRET, BENCH_JWT_ISSUER (souk), BENCH_JWT_AUDIENCE (souk-api), BENCH_DB_POOL_SIZE (20),
BENCH_DB_MAX_OVERFLOW (20).
Run: ``uvicorn socketio_room:app --app-dir benchmarks/peers --loop uvloop --http httptools``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import jwt
import socketio
from limits import RateLimitItemPerSecond
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter
from pydantic import BaseModel, ValidationError, field_validator
from redis.asyncio import Redis
from socketio_common import CHANNEL, REDIS_URL, SessionLocal, failure, health, user_from_token
from sqlalchemy import JSON, DateTime, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

REACTIONS = {"❤️", "🔥", "👏", "😂", "😮", "💎"}
CHAT_LIMIT = RateLimitItemPerSecond(5, 5)
REACTION_LIMIT = RateLimitItemPerSecond(10, 5)

sio = socketio.AsyncServer(
    async_mode="asgi",
    client_manager=socketio.AsyncRedisManager(REDIS_URL, channel=CHANNEL),
    cors_allowed_origins=[],
)
redis = Redis.from_url(REDIS_URL)
limiter = MovingWindowRateLimiter(RedisStorage(f"async+{REDIS_URL}", implementation="redispy"))


class Base(DeclarativeBase):
    pass


class Stream(Base):
    __tablename__ = "streams"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seller_id: Mapped[uuid.UUID]
    title: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(10))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class StreamProduct(Base):
    __tablename__ = "stream_products"

    stream_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    position: Mapped[int]


class StreamViewer(Base):
    __tablename__ = "stream_viewers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    stream_id: Mapped[uuid.UUID]
    user_id: Mapped[uuid.UUID]
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class User(Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30))
    display_name: Mapped[str] = mapped_column(String(50))


class Follow(Base):
    __tablename__ = "follows"

    follower_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    followee_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)


class StreamRef(BaseModel):
    stream_id: uuid.UUID


class ChatIn(StreamRef):
    content: str

    @field_validator("content")
    @classmethod
    def trimmed(cls, value: str) -> str:
        value = value.strip()
        if not 1 <= len(value) <= 500:
            raise ValueError("1 to 500 characters")
        return value


class ReactionIn(StreamRef):
    emoji: str

    @field_validator("emoji")
    @classmethod
    def known(cls, value: str) -> str:
        value = {"❤": "❤️"}.get(value, value)
        if value not in REACTIONS:
            raise ValueError("not a live-room reaction")
        return value


def room(stream_id: uuid.UUID) -> str:
    return f"stream:{stream_id}"


async def live_stream(stream_id: uuid.UUID) -> Stream | None:
    async with SessionLocal() as session:
        stream = await session.get(Stream, stream_id)
    return stream if stream is not None and stream.status == "live" else None


@sio.event
async def connect(sid: str, environ: dict[str, Any], auth: dict[str, Any] | None) -> None:
    try:
        user_id = user_from_token((auth or {}).get("token"))
    except (jwt.PyJWTError, ValueError) as exc:
        raise socketio.exceptions.ConnectionRefusedError("invalid or missing access token") from exc
    await sio.save_session(sid, {"user_id": user_id})


@sio.on("heartbeat")
async def heartbeat(sid: str, data: Any = None) -> dict[str, Any]:
    return {}


@sio.on("stream:join")
async def join(sid: str, data: Any) -> dict[str, Any]:
    try:
        ref = StreamRef.model_validate(data)
    except ValidationError as exc:
        return failure("invalid_input", str(exc))
    session_data = await sio.get_session(sid)
    user_id: uuid.UUID = session_data["user_id"]
    async with SessionLocal() as session, session.begin():
        stream = await session.get(Stream, ref.stream_id)
        if stream is None or stream.status != "live":
            return failure("stream_not_found", "No such live stream.")
        audience = stream.settings.get("audience", "everyone")
        if audience == "followers" and user_id != stream.seller_id:
            follows = await session.get(Follow, (user_id, stream.seller_id))
            if follows is None:
                return failure("stream_not_found", "No such live stream.")
        user = await session.get(User, user_id)
        products = (
            await session.scalars(
                select(StreamProduct.product_id)
                .where(StreamProduct.stream_id == stream.id)
                .order_by(StreamProduct.position)
            )
        ).all()
        if user_id != stream.seller_id:
            session.add(
                StreamViewer(id=uuid.uuid4(), stream_id=stream.id, user_id=user_id, joined_at=datetime.now(UTC))
            )
    viewers_key = f"bench:stream:{stream.id}:viewers"
    if user_id != stream.seller_id:
        await redis.sadd(viewers_key, sid)
    viewer = {
        "id": str(user_id),
        "username": user.username if user else "deleted",
        "display_name": user.display_name if user else "Deleted user",
    }
    session_data.setdefault("viewer", viewer)
    await sio.save_session(sid, session_data)
    await sio.enter_room(sid, room(stream.id))
    return {
        "stream": {"id": str(stream.id), "title": stream.title, "status": stream.status},
        "products": [str(p) for p in products],
        "viewers": await redis.scard(viewers_key),
    }


@sio.on("stream:chat")
async def chat(sid: str, data: Any) -> dict[str, Any]:
    try:
        line = ChatIn.model_validate(data)
    except ValidationError as exc:
        return failure("invalid_chat_message", str(exc))
    if room(line.stream_id) not in sio.rooms(sid):
        return failure("not_in_room", "Join the stream first.")
    stream = await live_stream(line.stream_id)
    if stream is None:
        return failure("stream_not_live", "The stream is not live.")
    if not stream.settings.get("enable_chat", True):
        return failure("chat_disabled", "Chat is off for this stream.")
    viewer = (await sio.get_session(sid))["viewer"]
    if not await limiter.hit(CHAT_LIMIT, "stream_chat", f"{stream.id}:{viewer['id']}"):
        return failure("rate_limited", "Too many chat lines; slow down.")
    await redis.hincrby(f"bench:stream:{stream.id}:counters", "chat", 1)
    message = {
        "stream_id": str(stream.id),
        "message_id": str(uuid.uuid4()),
        "user": viewer,
        "content": line.content,
        "at": datetime.now(UTC).isoformat(),
    }
    await sio.emit("stream:chat:new", message, room=room(stream.id))
    return {"message_id": message["message_id"]}


@sio.on("stream:reaction")
async def reaction(sid: str, data: Any) -> dict[str, Any] | None:
    try:
        chosen = ReactionIn.model_validate(data)
    except ValidationError as exc:
        return failure("invalid_reaction", str(exc))
    if room(chosen.stream_id) not in sio.rooms(sid):
        return failure("not_in_room", "Join the stream first.")
    stream = await live_stream(chosen.stream_id)
    if stream is None:
        return failure("stream_not_live", "The stream is not live.")
    user_id = str((await sio.get_session(sid))["user_id"])
    if not await limiter.hit(REACTION_LIMIT, "stream_reaction", f"{stream.id}:{user_id}"):
        return failure("rate_limited", "Too many reactions; slow down.")
    await redis.hincrby(f"bench:stream:{stream.id}:counters", "likes", 1)
    frame = {"stream_id": str(stream.id), "emoji": chosen.emoji, "user_id": user_id}
    await sio.emit("stream:reaction:new", frame, room=room(stream.id))
    return None


app = socketio.ASGIApp(sio, other_asgi_app=health)
