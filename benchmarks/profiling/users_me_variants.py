"""Variants of Souk's GET /api/v1/users/me, each one layer thinner, for ``profile_users_me.py``:
the CPU each layer costs is the difference between neighbours. Factories for
``uvicorn --factory``; configured by the same ``SOUK_*`` variables as Souk.

Not part of Souk: these copy pieces of ``souk.bootstrap.http_app`` (as of the one-statement
``/users/me``: the account outer-joined to its payout account) to take layers out; the
middleware variants patch ``souk.bootstrap.http_app`` itself."""

from __future__ import annotations

import gc
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import asyncpg
from litestar import Litestar, Request, get
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from souk.adapters.security.jwt_access_tokens import JwtAccessTokens
from souk.adapters.sql import engine as sql_engine
from souk.adapters.sql.engine import create_engine
from souk.adapters.sql.own_account import SELECT_OWN_ACCOUNT, own_account_of
from souk.adapters.sql.read_engine import ReadEngine
from souk.adapters.sql.user_reader import SqlUserReader
from souk.adapters.system.clock import SystemClock
from souk.application.accounts.profiles import GetMyProfile
from souk.application.ports.payout_accounts import PayoutStatus
from souk.bootstrap import http_app
from souk.bootstrap.settings import Settings
from souk.domain.accounts.user import User
from souk.domain.accounts.values import PhoneNumber, Username
from souk.domain.shared.geo import GeoPoint
from souk.entrypoints.bearer import bearer_token
from souk.entrypoints.http.controllers.health import HealthController
from souk.entrypoints.http.schemas.users import PayoutsOut, UserOut

_SELECT = str(SELECT_OWN_ACCOUNT.compile(dialect=postgresql.dialect()))  # Souk's own statement


class _Passthrough:
    """Stands in for a middleware taken out: one ASGI hop, nothing else."""

    def __init__(self, app: Any, **_: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


def _souk(*, request_context: bool, metrics: bool) -> Litestar:
    """Souk's own ``create_app`` with chosen middleware replaced by a pass-through."""
    if not request_context:
        http_app.RequestContextMiddleware = _Passthrough  # type: ignore[misc,assignment]
    if not metrics:
        http_app.MetricsMiddleware = _Passthrough  # type: ignore[misc,assignment]
    return http_app.app_from_env()


def no_metrics() -> Litestar:
    return _souk(request_context=True, metrics=False)


def no_middleware() -> Litestar:
    return _souk(request_context=False, metrics=False)


def _frozen(app: Litestar) -> Litestar:
    """Start-up heap out of the collector's reach, as ``souk.bootstrap.http_app`` does."""
    gc.collect()
    gc.freeze()
    return app


class _NoImages:
    """The benchmark's users have no uploaded avatar."""

    def view(self, _media: object) -> None:
        return None


def _out(user: User, payouts: PayoutStatus) -> UserOut:
    out = UserOut.of(user)
    out.payouts = PayoutsOut.of(payouts)
    return out


def _tokens(settings: Settings) -> JwtAccessTokens:
    return JwtAccessTokens(settings.jwt_secret, settings.jwt_issuer, settings.jwt_audience, clock=SystemClock())


def _by_hand(engine: AsyncEngine) -> Litestar:
    settings = Settings.from_env()
    tokens, use_case = _tokens(settings), GetMyProfile(SqlUserReader(ReadEngine(engine)), _NoImages())  # type: ignore[arg-type]

    @get("/api/v1/users/me")
    async def me(request: Request[Any, Any, Any]) -> UserOut:
        claims = tokens.verify(bearer_token(request.headers.get("authorization")))
        account = await use_case(claims.user_id)
        return _out(account.user, account.payouts)

    return _frozen(Litestar([HealthController, me], on_shutdown=[engine.dispose]))


def no_dishka() -> Litestar:
    """Same JWT check, use case, reader and autocommit engine, wired by hand: no DI container."""
    settings = Settings.from_env()
    return _by_hand(create_engine(settings.database_url, pool_size=settings.db_pool_size, autocommit=True))


def no_overflow() -> Litestar:
    """As ``no_dishka`` with ``max_overflow=0``: connections are never closed and reopened."""
    settings = Settings.from_env()
    size = settings.db_pool_size
    engine = create_async_engine(settings.database_url, pool_size=size, max_overflow=0, isolation_level="AUTOCOMMIT")
    return _by_hand(engine)


def raw_asyncpg() -> Litestar:
    """Same JWT check, same SELECT and entity mapping, through an asyncpg pool."""
    settings = Settings.from_env()
    tokens = _tokens(settings)
    state: dict[str, asyncpg.Pool] = {}
    dsn = settings.database_url.replace("postgresql+asyncpg://", "postgresql://")

    async def init(conn: asyncpg.Connection) -> None:
        await conn.set_type_codec("json", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        size = settings.db_pool_size
        async with asyncpg.create_pool(dsn, min_size=size, max_size=size, init=init) as pool:
            state["pool"] = pool
            yield

    @get("/api/v1/users/me")
    async def me(request: Request[Any, Any, Any]) -> UserOut:
        claims = tokens.verify(bearer_token(request.headers.get("authorization")))
        row = await state["pool"].fetchrow(_SELECT, claims.user_id)
        account = own_account_of(row)
        return _out(account.user, PayoutStatus.of(account.payout_account))

    return _frozen(Litestar([HealthController, me], lifespan=[lifespan]))


def no_database() -> Litestar:
    """JWT check and a canned user of the same shape: the HTTP + JWT + serialisation floor."""
    settings = Settings.from_env()
    tokens = _tokens(settings)
    now = datetime.now(UTC)

    @get("/api/v1/users/me")
    async def me(request: Request[Any, Any, Any]) -> UserOut:
        user_id = tokens.verify(bearer_token(request.headers.get("authorization"))).user_id
        user = User(
            id=user_id,
            username=Username("bench_user"),
            display_name="Bench User",
            password_hash="-",
            created_at=now,
            updated_at=now,
            phone=PhoneNumber("+212600000001"),
            bio="Vintage furniture and vinyl, Casablanca.",
            home=GeoPoint(33.57, -7.59),
            neighborhood="Maarif",
        )
        return _out(user, PayoutStatus.of(None))

    return _frozen(Litestar([HealthController, me]))


def hello() -> Litestar:
    """Litestar answering a constant: the server + framework floor."""

    @get("/api/v1/users/me")
    async def me() -> dict[str, str]:
        return {"status": "ok"}

    return _frozen(Litestar([HealthController, me]))


def gc_unfrozen() -> Litestar:
    """Souk as shipped but with its start-up heap handed back to the collector
    (``gc.unfreeze()``): what ``freeze_startup_heap`` saves in tail latency."""
    app = http_app.app_from_env()
    gc.unfreeze()
    return app


def souk_no_overflow() -> Litestar:
    """Souk as shipped, its engines built with ``max_overflow=0``: a pool of exactly
    ``SOUK_DB_POOL_SIZE`` connections that are never closed and reopened under load."""
    original = sql_engine.create_async_engine

    def without_overflow(url: str, **kwargs: Any) -> AsyncEngine:
        if "max_overflow" in kwargs:
            kwargs["max_overflow"] = 0
        return original(url, **kwargs)

    sql_engine.create_async_engine = without_overflow  # type: ignore[assignment]
    return http_app.app_from_env()
