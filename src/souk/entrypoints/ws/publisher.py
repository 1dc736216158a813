from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from souk.application.ports.event_bus import EventBus
from souk.application.realtime.addressed import AddressedFrame, AddressedFrames

log = logging.getLogger("souk.ws")


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


class FrameBatch:
    """Frames addressed within ``LINGER_S`` of the first go out as one bus message
    (:class:`AddressedFrames`): a busy chat's delivery receipts cost one publish, and one
    decode on every process, per few milliseconds instead of one per message. Fire-and-
    forget, as every addressed frame: a batch the bus refuses is logged and dropped."""

    LINGER_S = 0.01

    def __init__(self, bus: EventBus) -> None:
        self._bus = bus
        self._frames: list[AddressedFrame] = []
        self._task: asyncio.Task[None] | None = None

    def add(self, frame: AddressedFrame) -> None:
        self._frames.append(frame)
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._publish_soon(), name="ws-frame-batch")

    async def _publish_soon(self) -> None:
        try:
            await asyncio.sleep(self.LINGER_S)
            while self._frames:
                frames, self._frames = tuple(self._frames), []
                try:
                    await self._bus.publish(frames[0] if len(frames) == 1 else AddressedFrames(frames))
                except Exception as exc:
                    log.warning("ws.frames_lost count=%d error=%s", len(frames), type(exc).__name__)
        finally:
            self._task = None

    async def flush(self) -> None:
        """Publish what waits now (the hub stopping)."""
        while self._task is not None:
            await asyncio.shield(self._task)
