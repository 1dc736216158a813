"""The python-socketio peer for 1-to-1 chat: what a competent python-socketio developer would
write for "send a message, persist it, push it to the other side on whatever process they are".

python-socketio ``AsyncServer`` (ASGI) with ``AsyncRedisManager`` so emits reach every server
process; SQLAlchemy 2 ORM on asyncpg for persistence, pydantic v2 for the payloads.

- ``connect``: the JWT from the Socket.IO auth payload (``{"token": ...}``) is checked like
  Souk checks it (HS256 pinned; iss, aud, exp, iat, sub, typ; 5 s leeway); the user id goes into
  the Socket.IO session and the socket enters the room named by the user id (a user's devices).
- ``message:send`` ``{conversation_id, message_type, content?, image_urls?}``, the same work as
  Souk's: validate; in one transaction lock the conversation row, check the sender is its buyer
  or seller, take the next ``seq``, reset archive flags, insert the message; then emit
  ``message:new`` (the message, Souk's field names) to both participants' rooms; ack with it.
  Errors are acked as ``{"error": {"code", "detail"}}``.
- Tables are Souk's (migrated by Souk), the pool is Souk's size.

Configuration (environment): BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_SOCKETIO_CHANNEL
(socketio), BENCH_JWT_SECRET, BENCH_JWT_ISSUER (souk), BENCH_JWT_AUDIENCE (souk-api),
BENCH_DB_POOL_SIZE (20), BENCH_DB_MAX_OVERFLOW (20).
Run: ``uvicorn socketio_chat:app --app-dir benchmarks/peers --loop uvloop --http httptools``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Literal

import jwt
import socketio
from pydantic import BaseModel, Field, ValidationError
from socketio_common import CHANNEL, REDIS_URL, SessionLocal, failure, health, user_from_token
from sqlalchemy import JSON, BigInteger, DateTime, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

sio = socketio.AsyncServer(
    async_mode="asgi",
    client_manager=socketio.AsyncRedisManager(REDIS_URL, channel=CHANNEL),
    cors_allowed_origins=[],
)


class Base(DeclarativeBase):
    pass


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    buyer_id: Mapped[uuid.UUID]
    seller_id: Mapped[uuid.UUID]
    last_seq: Mapped[int] = mapped_column(BigInteger)
    buyer_archived: Mapped[bool]
    seller_archived: Mapped[bool]
    last_message_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    conversation_id: Mapped[uuid.UUID]
    seq: Mapped[int] = mapped_column(BigInteger)
    sender_id: Mapped[uuid.UUID | None]
    message_type: Mapped[str] = mapped_column(String(8))
    content: Mapped[str] = mapped_column(Text)
    image_urls: Mapped[list[str]] = mapped_column(JSON)
    offer_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SendMessage(BaseModel):
    conversation_id: uuid.UUID
    message_type: Literal["text", "image"]
    content: str | None = Field(default=None, max_length=4000)
    image_urls: list[str] = Field(default_factory=list, max_length=10)


class MessageOut(BaseModel, from_attributes=True):
    id: uuid.UUID
    conversation_id: uuid.UUID
    seq: int
    sender_id: uuid.UUID | None
    message_type: str
    content: str
    image_urls: list[str]
    offer: None = None
    created_at: datetime
    read_at: datetime | None = None


@sio.event
async def connect(sid: str, environ: dict[str, Any], auth: dict[str, Any] | None) -> None:
    try:
        user_id = user_from_token((auth or {}).get("token"))
    except (jwt.PyJWTError, ValueError) as exc:
        raise socketio.exceptions.ConnectionRefusedError("invalid or missing access token") from exc
    await sio.save_session(sid, {"user_id": user_id})
    await sio.enter_room(sid, str(user_id))


@sio.on("heartbeat")
async def heartbeat(sid: str, data: Any = None) -> dict[str, Any]:
    return {}


@sio.on("message:send")
async def message_send(sid: str, data: Any) -> dict[str, Any]:
    try:
        command = SendMessage.model_validate(data)
    except ValidationError as exc:
        return failure("invalid_input", str(exc))
    if command.message_type == "text" and not (command.content or "").strip():
        return failure("invalid_input", "a text message needs content")
    user_id: uuid.UUID = (await sio.get_session(sid))["user_id"]
    now = datetime.now(UTC)
    async with SessionLocal() as session, session.begin():
        conversation = await session.get(Conversation, command.conversation_id, with_for_update=True)
        if conversation is None or user_id not in (conversation.buyer_id, conversation.seller_id):
            return failure("conversation_not_found", "No such conversation.")
        conversation.last_seq += 1
        conversation.last_message_at = now
        conversation.buyer_archived = conversation.seller_archived = False
        message = Message(
            id=uuid.uuid4(),
            conversation_id=conversation.id,
            seq=conversation.last_seq,
            sender_id=user_id,
            message_type=command.message_type,
            content=command.content or "",
            image_urls=command.image_urls,
            offer_id=None,
            created_at=now,
        )
        session.add(message)
    payload = MessageOut.model_validate(message).model_dump(mode="json")
    await sio.emit("message:new", payload, to=[str(conversation.buyer_id), str(conversation.seller_id)])
    return payload


app = socketio.ASGIApp(sio, other_asgi_app=health)
