"""dishka providers, one per layer or technology. ``bootstrap`` alone knows every adapter."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator

from dishka import Provider, Scope, alias, provide
from redis.asyncio import BlockingConnectionPool, Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from souk.adapters.events.registry import EventRegistry
from souk.adapters.inprocess.event_bus import InProcessEventBus
from souk.adapters.limits.limits_rate_limiter import LimitsRateLimiter
from souk.adapters.memory.otp_repository import InMemoryOtpRepository
from souk.adapters.memory.outbox import InMemoryOutbox, InMemoryOutboxStore
from souk.adapters.memory.presence import InMemoryPresence
from souk.adapters.memory.refresh_token_repository import InMemoryRefreshTokenRepository
from souk.adapters.memory.store import InMemoryStore
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.adapters.memory.user_reader import InMemoryUserReader
from souk.adapters.memory.user_repository import InMemoryUserRepository
from souk.adapters.redis.event_bus import RedisEventBus
from souk.adapters.redis.presence import RedisPresence
from souk.adapters.redis.readiness import RedisReadinessProbe
from souk.adapters.security.argon2_password_hasher import Argon2PasswordHasher
from souk.adapters.sql import pool_guard
from souk.adapters.sql.engine import create_engine
from souk.adapters.sql.otp_repository import SqlOtpRepository
from souk.adapters.sql.outbox import SqlOutbox, SqlOutboxStore
from souk.adapters.sql.postgres_user_reader import PostgresUserReader
from souk.adapters.sql.read_engine import ReadEngine
from souk.adapters.sql.read_session import SqlSession
from souk.adapters.sql.readiness import SqlReadinessProbe
from souk.adapters.sql.refresh_token_repository import SqlRefreshTokenRepository
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.adapters.sql.user_reader import SqlUserReader
from souk.adapters.sql.user_repository import SqlUserRepository
from souk.adapters.system.clock import SystemClock
from souk.application.accounts.confirm_password_reset import ConfirmPasswordReset
from souk.application.accounts.create_user import CreateUser
from souk.application.accounts.deliver_otp import DeliverOtp
from souk.application.accounts.login import Login
from souk.application.accounts.logout import Logout
from souk.application.accounts.otp_redeemer import OtpRedeemer
from souk.application.accounts.otp_settings import OtpKey
from souk.application.accounts.profiles import GetMyProfile, GetPublicProfile, UpdateMyProfile
from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.accounts.refresh_session import RefreshSession
from souk.application.accounts.register_user import RegisterUser
from souk.application.accounts.send_otp import SendOtp
from souk.application.accounts.sessions import SessionIssuer
from souk.application.accounts.user_factory import UserFactory
from souk.application.accounts.verify_otp import VerifyOtp
from souk.application.events import EventRecorder, SweepOutbox
from souk.application.ports.clock import Clock
from souk.application.ports.event_bus import EventBus
from souk.application.ports.otp_repository import OtpRepository
from souk.application.ports.outbox import Outbox, OutboxStore
from souk.application.ports.password_hasher import PasswordHasher
from souk.application.ports.presence import Presence
from souk.application.ports.rate_limiter import RateLimiter
from souk.application.ports.readiness_probe import ReadinessProbe
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_reader import UserReader
from souk.application.ports.user_repository import UserRepository
from souk.application.system.outages import Outages
from souk.application.system.readiness import CheckReadiness
from souk.bootstrap.settings import Settings
from souk.domain.shared.public_point import PublicPoints, key_from_secret

REDIS_CONNECTIONS = 100  # redis-py's default ceiling per process
REDIS_CHECKOUT_TIMEOUT_S = 5.0


class SqlPersistenceProvider(Provider):
    """PostgreSQL (asyncpg) or SQLite (aiosqlite), chosen by the database URL."""

    @provide(scope=Scope.APP)
    async def engine(self, settings: Settings) -> AsyncIterator[AsyncEngine]:
        if settings.debug_pool_guard:
            pool_guard.install_for_process()
        engine = create_engine(
            settings.database_url, pool_size=settings.db_pool_size, pool_timeout_s=settings.db_pool_timeout_s
        )
        yield engine
        await engine.dispose()

    @provide(scope=Scope.APP)
    async def read_engine(self, settings: Settings) -> AsyncIterator[ReadEngine]:
        if settings.debug_pool_guard:
            pool_guard.install_for_process()
        reader = create_engine(
            settings.database_url,
            pool_size=settings.db_pool_size,
            pool_timeout_s=settings.db_pool_timeout_s,
            autocommit=True,
        )
        yield ReadEngine(reader)
        await reader.dispose()

    @provide(scope=Scope.APP)
    def user_reader(self, settings: Settings, read_engine: ReadEngine) -> UserReader:
        return SqlUserReader(read_engine) if settings.is_sqlite else PostgresUserReader(read_engine)

    @provide(scope=Scope.REQUEST)
    async def unit_of_work(self, engine: AsyncEngine) -> AsyncIterator[SqlUnitOfWork]:
        uow = SqlUnitOfWork(engine)
        yield uow
        await uow.close()

    uow_port = alias(source=SqlUnitOfWork, provides=UnitOfWork)
    # A repository that also serves reads (built on a ReadSession by the readers' providers)
    # is given the unit of work when the container builds it as a repository.
    uow_session = alias(source=SqlUnitOfWork, provides=SqlSession)
    outbox = provide(SqlOutbox, scope=Scope.REQUEST, provides=Outbox)

    @provide(scope=Scope.APP)
    def outbox_store(self, engine: AsyncEngine, registry: EventRegistry) -> OutboxStore:
        return SqlOutboxStore(engine, registry)

    users = provide(SqlUserRepository, scope=Scope.REQUEST, provides=UserRepository)
    refresh_tokens = provide(SqlRefreshTokenRepository, scope=Scope.REQUEST, provides=RefreshTokenRepository)
    otps = provide(SqlOtpRepository, scope=Scope.REQUEST, provides=OtpRepository)

    @provide(scope=Scope.APP)
    def database_probe(self, engine: AsyncEngine) -> SqlReadinessProbe:
        return SqlReadinessProbe(engine)


class MemoryPersistenceProvider(Provider):
    """Dicts instead of a database: for fast unit tests."""

    store = provide(InMemoryStore, scope=Scope.APP)

    @provide(scope=Scope.REQUEST)
    async def unit_of_work(self, store: InMemoryStore) -> AsyncIterator[InMemoryUnitOfWork]:
        uow = InMemoryUnitOfWork(store)
        yield uow
        await uow.close()

    uow_port = alias(source=InMemoryUnitOfWork, provides=UnitOfWork)
    user_reader = provide(InMemoryUserReader, scope=Scope.APP, provides=UserReader)
    outbox = provide(InMemoryOutbox, scope=Scope.REQUEST, provides=Outbox)
    outbox_store = provide(InMemoryOutboxStore, scope=Scope.APP, provides=OutboxStore)
    users = provide(InMemoryUserRepository, scope=Scope.REQUEST, provides=UserRepository)
    refresh_tokens = provide(InMemoryRefreshTokenRepository, scope=Scope.REQUEST, provides=RefreshTokenRepository)
    otps = provide(InMemoryOtpRepository, scope=Scope.REQUEST, provides=OtpRepository)


class InfrastructureProvider(Provider):
    """Clock, security, and the pieces that move to Redis in production."""

    scope = Scope.APP
    clock = provide(SystemClock, provides=Clock)

    @provide
    async def redis(self, settings: Settings) -> AsyncIterator[Redis | None]:
        if settings.redis_url is None:
            yield None
            return
        # A blocking pool: at a burst (2,000 sockets' first frames renewing presence at once)
        # callers wait a moment for a free connection instead of failing "Too many connections".
        # A host that does not answer fails in seconds (503), not after the kernel's connect timeout.
        pool = BlockingConnectionPool.from_url(
            settings.redis_url,
            max_connections=REDIS_CONNECTIONS,
            timeout=REDIS_CHECKOUT_TIMEOUT_S,
            health_check_interval=30,
            socket_connect_timeout=5,
        )
        client = Redis.from_pool(pool)
        yield client
        await client.aclose()

    @provide
    def event_registry(self) -> EventRegistry:
        return EventRegistry()

    @provide
    def event_bus(self, redis: Redis | None, registry: EventRegistry) -> EventBus:
        return RedisEventBus(redis, registry) if redis is not None else InProcessEventBus()

    @provide
    def presence(self, redis: Redis | None, settings: Settings) -> Presence:
        ttl_s = settings.presence_ttl_s
        return RedisPresence(redis, ttl_s) if redis is not None else InMemoryPresence(ttl_s)

    @provide
    def rate_limiter(self, settings: Settings) -> RateLimiter:
        if settings.redis_url:
            return LimitsRateLimiter.redis(settings.redis_url)
        return LimitsRateLimiter.in_memory()

    @provide
    def rate_rules(self, settings: Settings) -> AuthRateRules:
        return AuthRateRules().scaled(settings.rate_limit_scale)

    @provide
    def password_hasher(self, settings: Settings) -> PasswordHasher:
        return Argon2PasswordHasher(settings.argon2_memory_kib, settings.argon2_time_cost, settings.argon2_parallelism)

    @provide
    def public_points(self, settings: Settings) -> PublicPoints:
        return PublicPoints(key_from_secret(settings.location_key_secret))

    @provide
    def otp_key(self, settings: Settings) -> OtpKey:
        return OtpKey(hashlib.sha256(b"souk-otp:" + settings.jwt_secret.encode()).digest())


class EventsProvider(Provider):
    """Events recorded in the use case's transaction and published after commit."""

    recorder = provide(EventRecorder, scope=Scope.REQUEST)
    sweep = provide(SweepOutbox, scope=Scope.APP)


class ReadinessProvider(Provider):
    @provide(scope=Scope.APP)
    def readiness(
        self, database: SqlReadinessProbe, read_engine: ReadEngine, redis: Redis | None, outages: Outages
    ) -> CheckReadiness:
        """Every pool a request can use: the write engine, the read engine (through the raw
        asyncpg path on PostgreSQL, as ``/users/me`` and the feeds use it) and Redis."""
        probes: list[ReadinessProbe] = [database, SqlReadinessProbe(read_engine.engine, "database_read", raw=True)]
        if redis is not None:
            probes.append(RedisReadinessProbe(redis))
        return CheckReadiness(probes, outages)


class AccountsProvider(Provider):
    scope = Scope.REQUEST

    user_factory = provide(UserFactory)
    sessions = provide(SessionIssuer)
    otp_redeemer = provide(OtpRedeemer)
    register = provide(RegisterUser)
    create_user = provide(CreateUser)
    login = provide(Login)
    refresh = provide(RefreshSession)
    logout = provide(Logout)
    send_otp = provide(SendOtp)
    deliver_otp = provide(DeliverOtp)
    verify_otp = provide(VerifyOtp)
    confirm_reset = provide(ConfirmPasswordReset)
    get_me = provide(GetMyProfile)
    update_me = provide(UpdateMyProfile)
    public_profile = provide(GetPublicProfile)
