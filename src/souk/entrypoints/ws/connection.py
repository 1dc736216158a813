"""One live socket. Frames go straight to its transport while nothing waits before them
(``direct``: see direct.py); otherwise into a bounded send queue drained by the socket's own
writer task through ASGI. Either way a slow client costs bounded memory — ``QUEUE_LIMIT``
queued frames, or ``BUFFER_LIMIT`` bytes its transport could not send yet — and is then
disconnected with 4008, and each socket gets its frames in the order they were pushed: a
direct write never overtakes a queued frame or the one the writer holds."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from dataclasses import dataclass, field
from uuid import UUID

from litestar import WebSocket

from souk.entrypoints.ws.direct import DirectWriter, text_frame
from souk.entrypoints.ws.throttle import TokenBucket

QUEUE_LIMIT = 512
BUFFER_LIMIT = 256 * 1024  # unsent bytes in a transport: ~30 s of a busy live room's frames
CLOSE_SLOW_CONSUMER = 4008


@dataclass(eq=False)
class Connection:
    socket: WebSocket  # type: ignore[type-arg]
    user_id: UUID
    direct: DirectWriter | None = None
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
    _sending: bool = False  # the writer holds a frame it may not have written yet
    closing: bool = False

    def start(self) -> None:
        self._writer = asyncio.create_task(self._drain(), name=f"ws-writer-{self.id}")

    def push(self, payload: bytes, frame: bytes | None = None) -> None:
        """Send a frame (``payload``: its JSON; ``frame``: the same already framed, built once
        per broadcast); a client too slow to keep up is cut off, never buffered forever."""
        if self.closing:
            return
        if self.direct is not None and not self._sending and not self._queue.qsize():
            try:
                unsent = self.direct.write(frame if frame is not None else text_frame(payload))
            except Exception:  # the transport broke under us; the reader loop cleans up
                self.closing = True
                return
            if unsent is not None:
                if unsent > BUFFER_LIMIT:
                    self._cut_off()
                return
        try:
            self._queue.put_nowait(payload)
        except asyncio.QueueFull:
            self._cut_off()

    def _cut_off(self) -> None:
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
            self._sending = True
            try:
                await self.socket.send_data(payload, mode="text")
            except Exception:  # the peer went away; the reader loop cleans up
                self.closing = True
                return
            finally:
                self._sending = False

    async def _close(self, code: int, reason: str) -> None:
        with contextlib.suppress(Exception):
            await self.socket.close(code=code, reason=reason)
