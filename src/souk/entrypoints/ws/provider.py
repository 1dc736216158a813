from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide

from souk.application.ports.event_bus import EventBus
from souk.entrypoints.ws.hub import Hub


class WebSocketProvider(Provider):
    @provide(scope=Scope.APP)
    async def hub(self, bus: EventBus) -> AsyncIterator[Hub]:
        hub = Hub(bus)
        yield hub
        await hub.stop()
