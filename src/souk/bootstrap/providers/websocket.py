"""The WebSocket entrypoint's process-wide services: the hub (rooms, fan-out, ended
sessions) and this process's live rooms (viewer counts)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from dishka import AsyncContainer, Provider, Scope, provide

from souk.application.accounts.revoked_sessions import RevokedSessions
from souk.application.negotiation.recent_offers_feed import OfferAliasKey
from souk.application.ports.event_bus import EventBus
from souk.application.shared.visibility import Visibility
from souk.application.streams.config import LiveConfig
from souk.application.streams.stream_showcase import StreamShowcase
from souk.application.system.outages import Outages
from souk.entrypoints.ws.hub import Hub
from souk.entrypoints.ws.projection import RealtimeProjection, ShowcaseScope, VisibilityScope
from souk.entrypoints.ws.stream_rooms import LiveRooms


def showcase_scope(container: AsyncContainer) -> ShowcaseScope:
    @asynccontextmanager
    async def scope() -> AsyncIterator[StreamShowcase]:
        async with container() as request:
            yield await request.get(StreamShowcase)

    return scope


def visibility_scope(container: AsyncContainer) -> VisibilityScope:
    @asynccontextmanager
    async def scope() -> AsyncIterator[Visibility]:
        async with container() as request:
            yield await request.get(Visibility)

    return scope


class WebSocketProvider(Provider):
    @provide(scope=Scope.APP)
    async def hub(
        self,
        container: AsyncContainer,
        bus: EventBus,
        alias_key: OfferAliasKey,
        outages: Outages,
        revoked: RevokedSessions,
    ) -> AsyncIterator[Hub]:
        projection = RealtimeProjection(alias_key, showcase_scope(container), visibility_scope(container))
        hub = Hub(bus, projection, outages)
        revoked.listen(hub.end_sessions)  # an ended session's sockets close here within the bus's delay
        yield hub
        await hub.stop()

    @provide(scope=Scope.APP)
    async def live_rooms(self, container: AsyncContainer, hub: Hub, config: LiveConfig) -> AsyncIterator[LiveRooms]:
        rooms = LiveRooms(container, hub, config)
        yield rooms
        await rooms.stop()
