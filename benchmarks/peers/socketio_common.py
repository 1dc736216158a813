"""What both python-socketio peers share: configuration, the database engine and session
factory (SQLAlchemy 2 ORM on asyncpg), the JWT check (Souk's rules: HS256 pinned; iss, aud,
exp, iat, sub, typ; 5 s leeway), error acks and the ``/health`` app for the harness."""

from __future__ import annotations

import os
import uuid
from datetime import timedelta
from typing import Any

import jwt
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/souk")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
CHANNEL = os.environ.get("BENCH_SOCKETIO_CHANNEL", "socketio")
JWT_SECRET = os.environ.get("BENCH_JWT_SECRET", "")
JWT_ISSUER = os.environ.get("BENCH_JWT_ISSUER", "souk")
JWT_AUDIENCE = os.environ.get("BENCH_JWT_AUDIENCE", "souk-api")
POOL_SIZE = int(os.environ.get("BENCH_DB_POOL_SIZE", "20"))
MAX_OVERFLOW = int(os.environ.get("BENCH_DB_MAX_OVERFLOW", "20"))
LEEWAY = timedelta(seconds=5)

engine = create_async_engine(DATABASE_URL, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW)
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


def user_from_token(token: Any) -> uuid.UUID:
    claims = jwt.decode(
        str(token),
        JWT_SECRET,
        algorithms=["HS256"],
        audience=JWT_AUDIENCE,
        issuer=JWT_ISSUER,
        leeway=LEEWAY,
        options={"require": ["exp", "iat", "iss", "aud", "sub", "typ"]},
    )
    if claims["typ"] != "access":
        raise jwt.InvalidTokenError("not an access token")
    return uuid.UUID(claims["sub"])


def failure(code: str, detail: str) -> dict[str, Any]:
    return {"error": {"code": code, "detail": detail}}


async def health(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Everything that is not Socket.IO (``ASGIApp`` handles lifespan itself): ``/health``
    for the harness's readiness wait."""
    status = 200 if scope["path"] == "/health" else 404
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok" if status == 200 else b""})
