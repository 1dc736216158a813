"""One live socket: a bounded send queue drained by its own writer task, so a slow
client costs at most ``QUEUE_LIMIT`` frames of memory and is then disconnected."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from dataclasses import dataclass, field
from uuid import UUID

from litestar import WebSocket

from souk.entrypoints.ws.throttle import TokenBucket

QUEUE_LIMIT = 512
CLOSE_SLOW_CONSUMER = 4008


@dataclass(eq=False)
class Connection:
    socket: WebSocket  # type: ignore[type-arg]
    user_id: UUID
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    rooms: set[str] = field(default_factory=set)
    # conversation id -> the other member, learnt once (members never change): per-frame
    # authorisation of typing frames without a database read each time
    partners: dict[UUID, UUID] = field(default_factory=dict)
    typing: dict[UUID, asyncio.TimerHandle] = field(default_factory=dict)  # conversation -> expiry
    budgets: dict[str, TokenBucket] = field(default_factory=dict)
    last_seen: float = field(default_factory=time.monotonic)
    _queue: asyncio.Queue[bytes | None] = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))
    _writer: asyncio.Task[None] | None = None
    closing: bool = False

    def start(self) -> None:
        self._writer = asyncio.create_task(self._drain(), name=f"ws-writer-{self.id}")

    def push(self, payload: bytes) -> None:
        """Queue a frame; a client too slow to keep up is cut off, never buffered forever."""
        if self.closing:
            return
        try:
            self._queue.put_nowait(payload)
        except asyncio.QueueFull:
            self.closing = True
            asyncio.get_running_loop().create_task(self._close(CLOSE_SLOW_CONSUMER, "too slow: frames dropped"))

    async def stop(self) -> None:
        self.closing = True
        if self._writer is not None:
            with contextlib.suppress(asyncio.QueueFull):
                self._queue.put_nowait(None)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._writer, 2)
            self._writer.cancel()

    async def _drain(self) -> None:
        while (payload := await self._queue.get()) is not None:
            try:
                await self.socket.send_data(payload, mode="text")
            except Exception:  # the peer went away; the reader loop cleans up
                self.closing = True
                return

    async def _close(self, code: int, reason: str) -> None:
        with contextlib.suppress(Exception):
            await self.socket.close(code=code, reason=reason)
