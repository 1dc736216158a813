"""The composition root's dishka providers: one module per technology (``sql``, ``memory``,
``redis``, ``storage``, ``ffmpeg``, ``security``, ``messaging``, ``jobs``, ``system``) and one
per feature's use cases (``accounts``, ``catalog``, ``media``, ``negotiation``, ``realtime``,
``social``, ``streams``), plus ``websocket`` for the WebSocket entrypoint's hub and live
rooms (added by ``create_app``). ``bootstrap`` alone knows every adapter."""

from __future__ import annotations

from dishka import Provider, Scope, from_context

from souk.bootstrap.providers.accounts import AccountsConfigProvider, AccountsUseCasesProvider
from souk.bootstrap.providers.auctions import AuctionsMemoryProvider, AuctionsProvider, AuctionsSqlProvider
from souk.bootstrap.providers.catalog import CatalogUseCasesProvider
from souk.bootstrap.providers.ffmpeg import FfmpegProvider
from souk.bootstrap.providers.jobs import JobsProvider
from souk.bootstrap.providers.media import MediaConfigProvider, MediaUseCasesProvider
from souk.bootstrap.providers.memory import (
    CatalogMemoryProvider,
    MediaMemoryProvider,
    MemoryProvider,
    NegotiationMemoryProvider,
    PrivacyMemoryProvider,
    SafetyMemoryProvider,
    SocialMemoryProvider,
    StreamsMemoryProvider,
)
from souk.bootstrap.providers.messaging import MessagingProvider
from souk.bootstrap.providers.negotiation import NegotiationConfigProvider, NegotiationUseCasesProvider
from souk.bootstrap.providers.payments import PaymentsAdaptersProvider, PaymentsUseCasesProvider
from souk.bootstrap.providers.privacy import PrivacyProvider
from souk.bootstrap.providers.realtime import RealtimeUseCasesProvider
from souk.bootstrap.providers.redis import RedisProvider
from souk.bootstrap.providers.safety import ConsoleProvider, SafetyUseCasesProvider
from souk.bootstrap.providers.security import SecurityProvider
from souk.bootstrap.providers.show import ShowUseCasesProvider
from souk.bootstrap.providers.social import SocialConfigProvider, SocialUseCasesProvider
from souk.bootstrap.providers.sql import (
    CatalogSqlProvider,
    MediaSqlProvider,
    NegotiationSqlProvider,
    NegotiationSqlReadersProvider,
    PrivacySqlProvider,
    ReadSessionProvider,
    SafetySqlProvider,
    SocialSqlProvider,
    SqlProvider,
    StreamsSqlProvider,
)
from souk.bootstrap.providers.storage import StorageProvider
from souk.bootstrap.providers.streams import StreamsConfigProvider, StreamsUseCasesProvider
from souk.bootstrap.providers.system import EventsProvider, OutagesProvider, ReadinessProvider, SystemProvider
from souk.bootstrap.settings import Settings


class SettingsProvider(Provider):
    settings = from_context(provides=Settings, scope=Scope.APP)


def persistence_providers(*, in_memory: bool) -> list[Provider]:
    """The database (``sql``), or dicts (``memory``) for fast tests."""
    if in_memory:
        return [
            MemoryProvider(),
            CatalogMemoryProvider(),
            MediaMemoryProvider(),
            NegotiationMemoryProvider(),
            StreamsMemoryProvider(),
            AuctionsMemoryProvider(),
            SocialMemoryProvider(),
            PrivacyMemoryProvider(),
            SafetyMemoryProvider(),
        ]
    return [
        SqlProvider(),
        ReadSessionProvider(),
        ReadinessProvider(),
        CatalogSqlProvider(),
        MediaSqlProvider(),
        NegotiationSqlProvider(),
        NegotiationSqlReadersProvider(),
        StreamsSqlProvider(),
        AuctionsSqlProvider(),
        SocialSqlProvider(),
        PrivacySqlProvider(),
        SafetySqlProvider(),
    ]


def application_providers(*, in_memory: bool = False) -> list[Provider]:
    """Every provider the use cases need; ``in_memory`` swaps the database for dicts."""
    return [
        SettingsProvider(),
        # technologies
        SystemProvider(),
        OutagesProvider(),
        EventsProvider(),
        *persistence_providers(in_memory=in_memory),
        RedisProvider(),
        StorageProvider(),
        FfmpegProvider(),
        SecurityProvider(),
        MessagingProvider(),
        JobsProvider(),
        # features
        AccountsConfigProvider(),
        AccountsUseCasesProvider(),
        CatalogUseCasesProvider(),
        MediaConfigProvider(),
        MediaUseCasesProvider(),
        NegotiationConfigProvider(),
        NegotiationUseCasesProvider(),
        PaymentsAdaptersProvider(),
        PaymentsUseCasesProvider(),
        RealtimeUseCasesProvider(),
        SocialConfigProvider(),
        SocialUseCasesProvider(),
        StreamsConfigProvider(),
        StreamsUseCasesProvider(),
        ShowUseCasesProvider(),
        AuctionsProvider(),
        PrivacyProvider(),
        SafetyUseCasesProvider(),
        ConsoleProvider(),
    ]
