from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from souk.application.ports.event_bus import EventBus
from souk.application.realtime.addressed import AddressedFrame


def to_room(room: str, frame_type: str, data: Any, except_user: UUID | None = None) -> AddressedFrame:
    return AddressedFrame(frame_type, data, room=room, except_user=str(except_user) if except_user else None)


def to_users(user_ids: Iterable[UUID], frame_type: str, data: Any) -> AddressedFrame | None:
    """None: nobody to address."""
    targets = tuple(sorted({str(u) for u in user_ids}))
    return AddressedFrame(frame_type, data, users=targets) if targets else None


class RealtimePublisher:
    """The gateway's own frames (typing, delivery receipts) addressed to users or a room on
    every gateway process, through the bus. Use cases never send frames: they raise events,
    and the projection (projection.py) turns those into frames. Fire-and-forget."""

    def __init__(self, bus: EventBus) -> None:
        self._bus = bus

    async def to_users(self, user_ids: Iterable[UUID], frame_type: str, data: Any) -> None:
        frame = to_users(user_ids, frame_type, data)
        if frame is not None:
            await self._bus.publish(frame)

    async def to_room(self, room: str, frame_type: str, data: Any, except_user: UUID | None = None) -> None:
        await self._bus.publish(to_room(room, frame_type, data, except_user))
