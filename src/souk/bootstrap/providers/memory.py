"""Dicts instead of a database, for fast unit tests: the in-memory twin of ``sql``."""

from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, alias, provide

from souk.adapters.memory.audit_log import InMemoryAuditLog
from souk.adapters.memory.blocks import InMemoryBlocks
from souk.adapters.memory.catalog_reader import InMemoryCatalogReader
from souk.adapters.memory.category_repository import InMemoryCategoryRepository
from souk.adapters.memory.chat_moderation import InMemoryChatModerationRepository
from souk.adapters.memory.comment_repository import InMemoryCommentRepository
from souk.adapters.memory.demo_loader import InMemoryDemoLoader
from souk.adapters.memory.email_challenge_repository import InMemoryEmailChallengeRepository
from souk.adapters.memory.engagement_repository import InMemoryFollowRepository, InMemorySaveRepository
from souk.adapters.memory.event_feed import InMemoryEventFeed
from souk.adapters.memory.like_repository import InMemoryLikeRepository
from souk.adapters.memory.media_repository import InMemoryMediaRepository
from souk.adapters.memory.negotiation import (
    InMemoryAcceptances,
    InMemoryConversationRepository,
    InMemoryIdempotencyStore,
    InMemoryOfferRepository,
    InMemoryProductReservations,
    InMemoryTransactionRepository,
)
from souk.adapters.memory.notification_repository import InMemoryNotificationRepository
from souk.adapters.memory.offer_history import InMemoryOfferHistory
from souk.adapters.memory.oidc_identity_repository import InMemoryOidcIdentityRepository
from souk.adapters.memory.oidc_web_logins import InMemoryOidcWebLogins
from souk.adapters.memory.otp_repository import InMemoryOtpRepository
from souk.adapters.memory.outbox import InMemoryOutbox, InMemoryOutboxStore
from souk.adapters.memory.payments import InMemoryLedger, InMemoryPaymentRepository, InMemoryPayoutAccounts
from souk.adapters.memory.privacy import InMemoryAccountDeletions, InMemoryAccountEraser, InMemoryPersonalData
from souk.adapters.memory.product_repository import InMemoryProductRepository
from souk.adapters.memory.profile_counters import InMemoryProfileCounters
from souk.adapters.memory.push_token_repository import InMemoryPushTokenRepository
from souk.adapters.memory.recipient_ranges import InMemoryRecipientRanges
from souk.adapters.memory.refresh_token_repository import InMemoryRefreshTokenRepository
from souk.adapters.memory.reports import InMemoryReportRepository
from souk.adapters.memory.room_sales import InMemoryRoomSales, InMemoryRoomStock
from souk.adapters.memory.session_repository import InMemorySessionRepository
from souk.adapters.memory.store import InMemoryStore
from souk.adapters.memory.stream_timeline import InMemoryStreamTimeline
from souk.adapters.memory.streams import (
    InMemoryAudienceDirectory,
    InMemoryStreamCommerce,
    InMemoryStreamRepository,
    InMemoryStreamViewerLog,
)
from souk.adapters.memory.suspensions import InMemorySuspensions
from souk.adapters.memory.tips import InMemoryTipRepository
from souk.adapters.memory.totp_repository import InMemoryTotpRepository
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.adapters.memory.user_reader import InMemoryUserReader
from souk.adapters.memory.user_repository import InMemoryUserRepository
from souk.adapters.memory.video_job_repository import InMemoryVideoJobRepository
from souk.application.ports.acceptances import Acceptances
from souk.application.ports.account_deletions import AccountDeletions
from souk.application.ports.account_eraser import AccountEraser
from souk.application.ports.audience_directory import AudienceDirectory
from souk.application.ports.audit_log import AuditLog
from souk.application.ports.banned_words_lists import BannedWordsLists
from souk.application.ports.blocks import Blocks
from souk.application.ports.catalog_reader import CatalogReader
from souk.application.ports.category_repository import CategoryRepository
from souk.application.ports.chat_moderation_repository import ChatModerationReader, ChatModerationRepository
from souk.application.ports.comment_repository import CommentRepository
from souk.application.ports.conversation_repository import ConversationReader, ConversationRepository
from souk.application.ports.demo_loader import DemoLoader
from souk.application.ports.email_challenge_repository import EmailChallengeRepository
from souk.application.ports.engagement_repository import FollowRepository, SaveRepository
from souk.application.ports.event_feed import EventFeed
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


class CatalogMemoryProvider(Provider):
    scope = Scope.REQUEST

    products = provide(InMemoryProductRepository, provides=ProductRepository)
    offer_history = provide(InMemoryOfferHistory, provides=OfferHistory)
    reader = provide(InMemoryCatalogReader, provides=CatalogReader)
    saves = provide(InMemorySaveRepository, provides=SaveRepository)
    follows = provide(InMemoryFollowRepository, provides=FollowRepository)
    counters = provide(InMemoryProfileCounters, provides=ProfileCounters)
    loader = provide(InMemoryDemoLoader, provides=DemoLoader)
    categories = provide(InMemoryCategoryRepository, provides=CategoryRepository)


class SafetyMemoryProvider(Provider):
    scope = Scope.REQUEST

    blocks = provide(InMemoryBlocks, provides=Blocks)
    suspensions = provide(InMemorySuspensions, provides=Suspensions)
    reports = provide(InMemoryReportRepository, provides=ReportRepository)
    audit = provide(InMemoryAuditLog, provides=AuditLog)


class MediaMemoryProvider(Provider):
    scope = Scope.REQUEST

    media = provide(InMemoryMediaRepository, provides=MediaRepository)
    video_jobs = provide(InMemoryVideoJobRepository, provides=VideoJobRepository)


class NegotiationMemoryProvider(Provider):
    scope = Scope.REQUEST

    offers = provide(InMemoryOfferRepository, provides=OfferRepository)
    conversations = provide(InMemoryConversationRepository, provides=ConversationRepository)
    transactions = provide(InMemoryTransactionRepository, provides=TransactionRepository)
    reservations = provide(InMemoryProductReservations, provides=ProductReservations)
    room_stock = provide(InMemoryRoomStock, provides=RoomStock)
    room_sales = provide(InMemoryRoomSales, provides=RoomSales)
    payments = provide(InMemoryPaymentRepository, provides=PaymentRepository)
    ledger = provide(InMemoryLedger, provides=Ledger)
    payout_accounts = provide(InMemoryPayoutAccounts, provides=PayoutAccounts)
    tips = provide(InMemoryTipRepository, provides=TipRepository)
    acceptances = provide(InMemoryAcceptances, provides=Acceptances)
    idempotency = provide(InMemoryIdempotencyStore, provides=IdempotencyStore)
    offer_reader = provide(InMemoryOfferRepository, provides=OfferReader)
    conversation_reader = provide(InMemoryConversationRepository, provides=ConversationReader)
    transaction_reader = provide(InMemoryTransactionRepository, provides=TransactionReader)


class MemoryProvider(Provider):
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
    device_sessions = provide(InMemorySessionRepository, scope=Scope.REQUEST, provides=SessionRepository)
    oidc_identities = provide(InMemoryOidcIdentityRepository, scope=Scope.REQUEST, provides=OidcIdentityRepository)
    oidc_web_logins = provide(InMemoryOidcWebLogins, scope=Scope.REQUEST, provides=OidcWebLogins)
    totp_factors = provide(InMemoryTotpRepository, scope=Scope.REQUEST, provides=TotpRepository)
    email_challenges = provide(InMemoryEmailChallengeRepository, scope=Scope.REQUEST, provides=EmailChallengeRepository)


class SocialMemoryProvider(Provider):
    scope = Scope.REQUEST

    notifications = provide(InMemoryNotificationRepository, provides=NotificationRepository)
    likes = provide(InMemoryLikeRepository, provides=LikeRepository)
    comments = provide(InMemoryCommentRepository, provides=CommentRepository)
    push_tokens = provide(InMemoryPushTokenRepository, provides=PushTokenRepository)
    recipient_ranges = provide(InMemoryRecipientRanges, provides=RecipientRanges, scope=Scope.APP)
    event_feed = provide(InMemoryEventFeed, provides=EventFeed, scope=Scope.APP)


class PrivacyMemoryProvider(Provider):
    scope = Scope.REQUEST

    personal_data = provide(InMemoryPersonalData, provides=PersonalData)
    deletions = provide(InMemoryAccountDeletions, provides=AccountDeletions)
    eraser = provide(InMemoryAccountEraser, provides=AccountEraser)


class StreamsMemoryProvider(Provider):
    scope = Scope.REQUEST

    streams = provide(InMemoryStreamRepository, provides=StreamRepository)
    reader = provide(InMemoryStreamRepository, provides=StreamReader)
    chat_moderation = provide(InMemoryChatModerationRepository, provides=ChatModerationRepository)
    chat_moderation_reader = provide(InMemoryChatModerationRepository, provides=ChatModerationReader)
    banned_words_lists = provide(InMemoryChatModerationRepository, provides=BannedWordsLists)
    viewer_log = provide(InMemoryStreamViewerLog, provides=StreamViewerLog)
    commerce = provide(InMemoryStreamCommerce, provides=StreamCommerce)
    directory = provide(InMemoryAudienceDirectory, provides=AudienceDirectory)
    timeline = provide(InMemoryStreamTimeline, provides=StreamTimeline)
