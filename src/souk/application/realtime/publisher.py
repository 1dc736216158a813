from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from souk.application.ports.event_bus import EventBus
from souk.domain.shared.events import DomainEvent

REALTIME_TOPIC = "realtime.frames"


class RealtimePublisher:
    """Addresses a server→client frame to users or to a room; every gateway process gets it
    from the bus and delivers to its own sockets. Fire-and-forget: what a client must not
    lose is stored first and recoverable (messages carry sequence numbers)."""

    def __init__(self, bus: EventBus) -> None:
        self._bus = bus

    async def to_users(self, user_ids: Iterable[UUID], frame_type: str, data: Any) -> None:
        targets = sorted({str(u) for u in user_ids})
        if targets:
            await self._bus.publish(DomainEvent(REALTIME_TOPIC, {"users": targets, "type": frame_type, "data": data}))

    async def to_room(self, room: str, frame_type: str, data: Any, except_user: UUID | None = None) -> None:
        payload = {"room": room, "type": frame_type, "data": data}
        if except_user is not None:
            payload["except_user"] = str(except_user)
        await self._bus.publish(DomainEvent(REALTIME_TOPIC, payload))
