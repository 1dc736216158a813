"""PostgreSQL (asyncpg) or SQLite (aiosqlite): engines, the unit of work and every SQL repository and reader."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from dishka import Provider, Scope, alias, provide
from sqlalchemy.ext.asyncio import AsyncEngine

from souk.adapters.events.registry import EventRegistry
from souk.adapters.inprocess.cached_category_repository import CachedCategoryRepository
from souk.adapters.search_cache import SearchCache
from souk.adapters.sql import pool_guard
from souk.adapters.sql.acceptances import SqlAcceptances
from souk.adapters.sql.account_deletions import SqlAccountDeletions
from souk.adapters.sql.account_eraser import SqlAccountEraser
from souk.adapters.sql.audience_directory import SqlAudienceDirectory
from souk.adapters.sql.audit_log import SqlAuditLog
from souk.adapters.sql.blocks import SharedBlockReads, SqlBlocks
from souk.adapters.sql.cached_catalog_reader import CachedCatalogReader
from souk.adapters.sql.catalog_generation import CatalogGeneration
from souk.adapters.sql.catalog_reader import SqlCatalogReader
from souk.adapters.sql.category_repository import SqlCategoryRepository
from souk.adapters.sql.chat_moderation_repository import SqlChatModerationRepository
from souk.adapters.sql.comment_repository import SqlCommentRepository
from souk.adapters.sql.conversation_repository import SqlConversationRepository
from souk.adapters.sql.demo_loader import SqlDemoLoader
from souk.adapters.sql.email_challenge_repository import SqlEmailChallengeRepository
from souk.adapters.sql.engagement_repository import SqlFollowRepository, SqlSaveRepository
from souk.adapters.sql.engine import create_engine
from souk.adapters.sql.event_feed import SqlEventFeed
from souk.adapters.sql.flash_sales import SqlFlashSaleRepository
from souk.adapters.sql.giveaways import SqlGiveawayRepository
from souk.adapters.sql.idempotency_store import SqlIdempotencyStore
from souk.adapters.sql.like_repository import SqlLikeRepository
from souk.adapters.sql.listing_counters import ListingCounters
from souk.adapters.sql.media_repository import SqlMediaRepository
from souk.adapters.sql.notification_repository import SqlNotificationRepository
from souk.adapters.sql.offer_history import SqlOfferHistory
from souk.adapters.sql.offer_repository import SqlOfferRepository
from souk.adapters.sql.oidc_identity_repository import SqlOidcIdentityRepository
from souk.adapters.sql.oidc_web_logins import SqlOidcWebLogins
from souk.adapters.sql.otp_repository import SqlOtpRepository
from souk.adapters.sql.outbox import SqlOutbox, SqlOutboxStore, drain_published_marks
from souk.adapters.sql.payments import SqlLedger, SqlPaymentRepository, SqlPayoutAccounts
from souk.adapters.sql.personal_data import SqlPersonalData
from souk.adapters.sql.postgres_catalog_reader import PostgresCatalogReader, WalkBounds
from souk.adapters.sql.postgres_user_reader import PostgresUserReader
from souk.adapters.sql.product_repository import SqlProductRepository
from souk.adapters.sql.product_reservations import SqlProductReservations
from souk.adapters.sql.profile_counters import SqlProfileCounters
from souk.adapters.sql.push_token_repository import SqlPushTokenRepository
from souk.adapters.sql.read_engine import ReadEngine
from souk.adapters.sql.read_session import SqlReadSession, SqlSession
from souk.adapters.sql.readiness import SqlReadinessProbe
from souk.adapters.sql.recipient_ranges import SqlRecipientRanges
from souk.adapters.sql.refresh_token_repository import SqlRefreshTokenRepository
from souk.adapters.sql.reports import SqlReportRepository
from souk.adapters.sql.room_sales import SqlRoomSales
from souk.adapters.sql.room_stock import SqlRoomStock
from souk.adapters.sql.session_repository import SqlSessionRepository
from souk.adapters.sql.stream_commerce import SqlStreamCommerce
from souk.adapters.sql.stream_repository import SqlStreamRepository
from souk.adapters.sql.stream_timeline import SqlStreamTimeline
from souk.adapters.sql.stream_viewer_log import SqlStreamViewerLog
from souk.adapters.sql.suspensions import SharedSuspensionReads, SqlSuspensions
from souk.adapters.sql.tips import SqlTipRepository
from souk.adapters.sql.totp_repository import SqlTotpRepository
from souk.adapters.sql.transaction_repository import SqlTransactionRepository
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.adapters.sql.user_reader import SqlUserReader
from souk.adapters.sql.user_repository import SqlUserRepository
from souk.adapters.sql.video_job_repository import SqlVideoJobRepository
from souk.application.ports.acceptances import Acceptances
from souk.application.ports.account_deletions import AccountDeletions
from souk.application.ports.account_eraser import AccountEraser
from souk.application.ports.audience_directory import AudienceDirectory
from souk.application.ports.audit_log import AuditLog
from souk.application.ports.banned_words_lists import BannedWordsLists
from souk.application.ports.blocks import Blocks
from souk.application.ports.catalog_reader import CatalogReader, Listing
from souk.application.ports.category_cache import CategoryCache
from souk.application.ports.category_repository import CategoryRepository
from souk.application.ports.chat_moderation_repository import ChatModerationReader, ChatModerationRepository
from souk.application.ports.comment_repository import CommentRepository
from souk.application.ports.conversation_repository import ConversationReader, ConversationRepository
from souk.application.ports.demo_loader import DemoLoader
from souk.application.ports.email_challenge_repository import EmailChallengeRepository
from souk.application.ports.engagement_repository import FollowRepository, SaveRepository
from souk.application.ports.event_feed import EventFeed
from souk.application.ports.flash_sale_repository import FlashSaleRepository
from souk.application.ports.giveaway_repository import GiveawayRepository
from souk.application.ports.idempotency_store import IdempotencyStore
from souk.application.ports.like_repository import LikeRepository
from souk.application.ports.media_repository import MediaRepository
from souk.application.ports.notification_repository import NotificationRepository
from souk.application.ports.offer_history import OfferHistory
from souk.application.ports.offer_repository import OfferReader, OfferRepository
from souk.application.ports.oidc_identity_repository import OidcIdentityRepository
from souk.application.ports.oidc_web_logins import OidcWebLogins
from souk.application.ports.otp_repository import OtpRepository
from souk.application.ports.outbox import Outbox, OutboxStore
from souk.application.ports.payment_repository import Ledger, PaymentRepository
from souk.application.ports.payout_accounts import PayoutAccounts
from souk.application.ports.personal_data import PersonalData
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.product_reservations import ProductReservations
from souk.application.ports.profile_counters import ProfileCounters
from souk.application.ports.push_token_repository import PushTokenRepository
from souk.application.ports.recipient_ranges import RecipientRanges
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.application.ports.report_repository import ReportRepository
from souk.application.ports.room_sales import RoomSales
from souk.application.ports.room_stock import RoomStock
from souk.application.ports.session_repository import SessionRepository
from souk.application.ports.stream_commerce import StreamCommerce
from souk.application.ports.stream_repository import StreamReader, StreamRepository
from souk.application.ports.stream_timeline import StreamTimeline
from souk.application.ports.stream_viewer_log import StreamViewerLog
from souk.application.ports.suspensions import Suspensions
from souk.application.ports.tip_repository import TipRepository
from souk.application.ports.totp_repository import TotpRepository
from souk.application.ports.transaction_repository import TransactionReader, TransactionRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_reader import UserReader
from souk.application.ports.user_repository import UserRepository
from souk.application.ports.video_job_repository import VideoJobRepository
from souk.bootstrap.settings import Settings
from souk.bootstrap.tracing import trace_engine


@dataclass(frozen=True, slots=True)
class ReadSession:
    """A request's reads on the read engine, shared by the negotiation and streams readers:
    queries that need no transaction never take the writers' connection (nor SQLite's write
    lock), and each statement holds a read connection only while it runs (SqlReadSession).
    (``uow`` is the name its users know it by.)"""

    uow: SqlReadSession


class CatalogSqlProvider(Provider):
    scope = Scope.REQUEST

    products = provide(SqlProductRepository, provides=ProductRepository)
    offer_history = provide(SqlOfferHistory, provides=OfferHistory)

    @provide
    def reader(
        self,
        settings: Settings,
        read_engine: ReadEngine,
        bounds: WalkBounds,
        generation: CatalogGeneration,
        cache: SearchCache[Listing],
    ) -> CatalogReader:
        if settings.is_sqlite:
            return SqlCatalogReader(read_engine)
        counters = ListingCounters(read_engine)
        return CachedCatalogReader(PostgresCatalogReader(read_engine, bounds), generation, cache, counters)

    saves = provide(SqlSaveRepository, provides=SaveRepository)
    follows = provide(SqlFollowRepository, provides=FollowRepository)
    counters = provide(SqlProfileCounters, provides=ProfileCounters)
    loader = provide(SqlDemoLoader, provides=DemoLoader)

    @provide
    def categories(self, uow: SqlUnitOfWork, cache: CategoryCache) -> CategoryRepository:
        return CachedCategoryRepository(SqlCategoryRepository(uow), cache)


class MediaSqlProvider(Provider):
    scope = Scope.REQUEST

    media = provide(SqlMediaRepository, provides=MediaRepository)
    video_jobs = provide(SqlVideoJobRepository, provides=VideoJobRepository)


class NegotiationSqlProvider(Provider):
    scope = Scope.REQUEST

    offers = provide(SqlOfferRepository, provides=OfferRepository)

    @provide
    def conversations(self, uow: SqlUnitOfWork, outbox: Outbox) -> ConversationRepository:
        assert isinstance(outbox, SqlOutbox)
        return SqlConversationRepository(uow, outbox)

    transactions = provide(SqlTransactionRepository, provides=TransactionRepository)
    reservations = provide(SqlProductReservations, provides=ProductReservations)
    room_stock = provide(SqlRoomStock, provides=RoomStock)
    room_sales = provide(SqlRoomSales, provides=RoomSales)
    flash_sales = provide(SqlFlashSaleRepository, provides=FlashSaleRepository)
    payments = provide(SqlPaymentRepository, provides=PaymentRepository)
    ledger = provide(SqlLedger, provides=Ledger)
    payout_accounts = provide(SqlPayoutAccounts, provides=PayoutAccounts)
    tips = provide(SqlTipRepository, provides=TipRepository)
    acceptances = provide(SqlAcceptances, provides=Acceptances)
    idempotency = provide(SqlIdempotencyStore, provides=IdempotencyStore)


class ReadSessionProvider(Provider):
    scope = Scope.REQUEST

    @provide
    def read_session(self, read_engine: ReadEngine) -> ReadSession:
        return ReadSession(SqlReadSession(read_engine.engine))


class NegotiationSqlReadersProvider(Provider):
    scope = Scope.REQUEST

    @provide
    def offer_reader(self, session: ReadSession) -> OfferReader:
        return SqlOfferRepository(session.uow)

    @provide
    def conversation_reader(self, session: ReadSession) -> ConversationReader:
        return SqlConversationRepository(session.uow)

    @provide
    def transaction_reader(self, session: ReadSession) -> TransactionReader:
        return SqlTransactionRepository(session.uow)


class SafetySqlProvider(Provider):
    scope = Scope.REQUEST

    @provide
    def blocks(self, uow: SqlUnitOfWork, session: ReadSession, shared: SharedBlockReads) -> Blocks:
        return SqlBlocks(uow, session.uow, shared)

    shared_block_reads = provide(SharedBlockReads, scope=Scope.APP)

    @provide
    def suspensions(self, uow: SqlUnitOfWork, session: ReadSession, shared: SharedSuspensionReads) -> Suspensions:
        return SqlSuspensions(uow, session.uow, shared)

    shared_suspension_reads = provide(SharedSuspensionReads, scope=Scope.APP)

    reports = provide(SqlReportRepository, provides=ReportRepository)
    audit = provide(SqlAuditLog, provides=AuditLog)


class SqlProvider(Provider):
    """PostgreSQL (asyncpg) or SQLite (aiosqlite), chosen by the database URL."""

    @provide(scope=Scope.APP)
    async def engine(self, settings: Settings) -> AsyncIterator[AsyncEngine]:
        if settings.debug_pool_guard:
            pool_guard.install_for_process()
        engine = create_engine(
            settings.database_url, pool_size=settings.db_pool_size, pool_timeout_s=settings.db_pool_timeout_s
        )
        trace_engine(engine)
        yield engine
        await drain_published_marks(engine)  # the outbox marks still lingering (a few ms)
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
        trace_engine(reader)
        yield ReadEngine(reader)
        await reader.dispose()

    @provide(scope=Scope.APP)
    def walk_bounds(self) -> WalkBounds:
        return WalkBounds()

    @provide(scope=Scope.APP)
    def catalog_generation(self, read_engine: ReadEngine) -> CatalogGeneration:
        return CatalogGeneration(read_engine)

    @provide(scope=Scope.APP)
    def search_cache(self, settings: Settings) -> SearchCache[Listing]:
        return SearchCache(0 if settings.is_sqlite else settings.search_cache_pages)

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
    device_sessions = provide(SqlSessionRepository, scope=Scope.REQUEST, provides=SessionRepository)
    oidc_identities = provide(SqlOidcIdentityRepository, scope=Scope.REQUEST, provides=OidcIdentityRepository)
    oidc_web_logins = provide(SqlOidcWebLogins, scope=Scope.REQUEST, provides=OidcWebLogins)
    totp_factors = provide(SqlTotpRepository, scope=Scope.REQUEST, provides=TotpRepository)
    email_challenges = provide(SqlEmailChallengeRepository, scope=Scope.REQUEST, provides=EmailChallengeRepository)

    @provide(scope=Scope.APP)
    def database_probe(self, engine: AsyncEngine) -> SqlReadinessProbe:
        return SqlReadinessProbe(engine)


class PrivacySqlProvider(Provider):
    scope = Scope.REQUEST

    deletions = provide(SqlAccountDeletions, provides=AccountDeletions)
    eraser = provide(SqlAccountEraser, provides=AccountEraser)

    @provide
    def personal_data(self, session: ReadSession) -> PersonalData:
        return SqlPersonalData(session.uow)


class SocialSqlProvider(Provider):
    scope = Scope.REQUEST

    notifications = provide(SqlNotificationRepository, provides=NotificationRepository)
    likes = provide(SqlLikeRepository, provides=LikeRepository)
    comments = provide(SqlCommentRepository, provides=CommentRepository)
    push_tokens = provide(SqlPushTokenRepository, provides=PushTokenRepository)
    recipient_ranges = provide(SqlRecipientRanges, provides=RecipientRanges, scope=Scope.APP)

    @provide(scope=Scope.APP)
    def event_feed(self, engine: AsyncEngine, registry: EventRegistry) -> EventFeed:
        return SqlEventFeed(engine, registry)


class StreamsSqlProvider(Provider):
    scope = Scope.REQUEST

    streams = provide(SqlStreamRepository, provides=StreamRepository)
    viewer_log = provide(SqlStreamViewerLog, provides=StreamViewerLog)
    timeline = provide(SqlStreamTimeline, provides=StreamTimeline)
    giveaways = provide(SqlGiveawayRepository, provides=GiveawayRepository)
    chat_moderation = provide(SqlChatModerationRepository, provides=ChatModerationRepository)

    @provide
    def chat_moderation_reader(self, session: ReadSession) -> ChatModerationReader:
        return SqlChatModerationRepository(session.uow)

    @provide
    def banned_words_lists(self, session: ReadSession) -> BannedWordsLists:
        return SqlChatModerationRepository(session.uow)

    @provide
    def reader(self, session: ReadSession) -> StreamReader:
        return SqlStreamRepository(session.uow)

    @provide
    def commerce(self, session: ReadSession) -> StreamCommerce:
        return SqlStreamCommerce(session.uow)

    @provide
    def directory(self, session: ReadSession) -> AudienceDirectory:
        return SqlAudienceDirectory(session.uow)
