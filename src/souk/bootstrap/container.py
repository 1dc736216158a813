from __future__ import annotations

from dishka import AsyncContainer, Provider, make_async_container

from souk.bootstrap.providers import application_providers
from souk.bootstrap.settings import Settings


def build_container(settings: Settings, *overrides: Provider, in_memory: bool = False) -> AsyncContainer:
    providers = [*application_providers(in_memory=in_memory), *overrides]
    return make_async_container(*providers, context={Settings: settings})
