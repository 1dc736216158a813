from __future__ import annotations

from dishka import AsyncContainer, Provider, Scope, from_context, make_async_container

from souk.bootstrap.accounts_providers import AccountsInfrastructureProvider
from souk.bootstrap.catalog_providers import catalog_providers
from souk.bootstrap.media_providers import media_providers
from souk.bootstrap.negotiation_providers import negotiation_providers
from souk.bootstrap.outages import OutagesProvider
from souk.bootstrap.providers import (
    AccountsProvider,
    EventsProvider,
    InfrastructureProvider,
    MemoryPersistenceProvider,
    ReadinessProvider,
    SqlPersistenceProvider,
)
from souk.bootstrap.realtime_providers import RealtimeProvider
from souk.bootstrap.sessions_providers import SessionsProvider
from souk.bootstrap.settings import Settings
from souk.bootstrap.social_providers import social_providers
from souk.bootstrap.streams_providers import streams_providers


class SettingsProvider(Provider):
    settings = from_context(provides=Settings, scope=Scope.APP)


def application_providers(*, in_memory: bool = False) -> list[Provider]:
    """Every provider the use cases need; ``in_memory`` swaps the database for dicts."""
    persistence: list[Provider] = (
        [MemoryPersistenceProvider()] if in_memory else [SqlPersistenceProvider(), ReadinessProvider()]
    )
    return [
        SettingsProvider(),
        OutagesProvider(),
        InfrastructureProvider(),
        *persistence,
        EventsProvider(),
        AccountsInfrastructureProvider(),
        AccountsProvider(),
        SessionsProvider(),
        *catalog_providers(in_memory=in_memory),
        *media_providers(in_memory=in_memory),
        *negotiation_providers(in_memory=in_memory),
        RealtimeProvider(),
        *streams_providers(in_memory=in_memory),
        *social_providers(in_memory=in_memory),
    ]


def build_container(settings: Settings, *overrides: Provider, in_memory: bool = False) -> AsyncContainer:
    providers = [*application_providers(in_memory=in_memory), *overrides]
    return make_async_container(*providers, context={Settings: settings})
