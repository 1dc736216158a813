from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide

from souk.application.accounts.revoked_sessions import RevokedSessions
from souk.application.negotiation.recent_offers_feed import OfferAliasKey
from souk.application.ports.event_bus import EventBus
from souk.application.system.outages import Outages
from souk.entrypoints.ws.hub import Hub
from souk.entrypoints.ws.projection import RealtimeProjection


class WebSocketProvider(Provider):
    @provide(scope=Scope.APP)
    async def hub(
        self, bus: EventBus, alias_key: OfferAliasKey, outages: Outages, revoked: RevokedSessions
    ) -> AsyncIterator[Hub]:
        hub = Hub(bus, RealtimeProjection(alias_key), outages)
        revoked.listen(hub.end_sessions)  # an ended session's sockets close here within the bus's delay
        yield hub
        await hub.stop()
