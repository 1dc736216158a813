from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide

from souk.application.negotiation.recent_offers_feed import OfferAliasKey
from souk.application.ports.event_bus import EventBus
from souk.application.realtime.projection import RealtimeProjection
from souk.application.system.outages import Outages
from souk.entrypoints.ws.hub import Hub


class WebSocketProvider(Provider):
    @provide(scope=Scope.APP)
    async def hub(self, bus: EventBus, alias_key: OfferAliasKey, outages: Outages) -> AsyncIterator[Hub]:
        hub = Hub(bus, RealtimeProjection(alias_key), outages)
        yield hub
        await hub.stop()
