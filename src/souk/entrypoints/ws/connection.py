"""One live socket. Frames go straight to its transport while nothing waits before them
(``direct``: see direct.py); otherwise into a bounded send queue drained by the socket's own
writer task through ASGI. Either way a slow client costs bounded memory — ``QUEUE_LIMIT``
queued frames, or ``BUFFER_LIMIT`` bytes its transport could not send yet — and is then
disconnected with 4008, and each socket gets its frames in the order they were pushed: a
direct write never overtakes a queued frame or the one the writer holds.

Direct frames are written once per event-loop iteration (:class:`_Flusher`): the frames a
socket got meanwhile go out in one ``write``. A busy live room's relay handles several
broadcasts back to back, and one system call per socket then carries all of them — the
fan-out gets cheaper per frame as it gets busier, and no frame waits longer than the
iteration that produced it."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
import weakref
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID

from souk.entrypoints.ws.asgi_socket import AsgiSocket
from souk.entrypoints.ws.direct import DirectWriter, text_frame
from souk.entrypoints.ws.metrics import count_sent
from souk.entrypoints.ws.throttle import TokenBucket

QUEUE_LIMIT = 512
BUFFER_LIMIT = 256 * 1024  # unsent bytes in a transport: ~30 s of a busy live room's frames
CLOSE_SLOW_CONSUMER = 4008
CLOSE_IDLE = 4408
CLOSE_UNAUTHORIZED = 4401
CLOSE_SUSPENDED = 4403  # the account was suspended or banned by staff
_CLOSING: set[asyncio.Task[None]] = set()


@dataclass(eq=False, slots=True)  # slots: no instance dict on each of thousands of idle sockets
class Connection:
    socket: AsgiSocket
    user_id: UUID
    direct: DirectWriter | None = None
    session_id: UUID | None = None  # the session of the access token (or ticket) it opened with
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    rooms: set[str] = field(default_factory=set)
    # conversation id -> the other member, learnt once (members never change): per-frame
    # authorisation of typing frames without a database read each time
    partners: dict[UUID, UUID] = field(default_factory=dict)
    typing: dict[UUID, asyncio.TimerHandle] = field(default_factory=dict)  # conversation -> expiry
    budgets: dict[str, TokenBucket] = field(default_factory=dict)
    # the ASGI path's queue and writer task, made when a frame first needs them: a socket
    # served by direct writes alone (most, see direct.py) never holds either
    _queue: asyncio.Queue[bytes | None] | None = None
    _writer: asyncio.Task[None] | None = None
    _behind: bool = False  # frames wait in the queue or in the writer's hands
    _pending: list[bytes] = field(default_factory=list)  # direct frames of this loop iteration
    _flusher: _Flusher | None = None
    _expiry: asyncio.TimerHandle | None = None
    _idle: asyncio.TimerHandle | None = None
    last_seen: float = 0.0  # the event loop's clock when the client last sent a frame
    closing: bool = False

    def watch_idle(self, timeout: float) -> None:
        """Close with 4408 once the client has sent nothing for ``timeout`` seconds. One timer
        per socket, re-armed only when it fires (the reader just moves ``last_seen``): no
        timeout object per received frame, nothing but the handle held by an idle socket."""
        loop = asyncio.get_running_loop()
        self.last_seen = loop.time()
        self._idle = loop.call_at(self.last_seen + timeout, self._check_idle, timeout)

    def _check_idle(self, timeout: float) -> None:
        loop = asyncio.get_running_loop()
        due = self.last_seen + timeout
        if loop.time() >= due:
            self._idle = None
            self.end(CLOSE_IDLE, "idle: send heartbeat frames")
        else:
            self._idle = loop.call_at(due, self._check_idle, timeout)

    def expire_at(self, when: datetime) -> None:
        """Close with 4401 when the access token expires (again later if an ``auth`` frame
        brings a fresh token first: that re-arms it)."""
        if self._expiry is not None:
            self._expiry.cancel()
        delay = max(0.0, (when - datetime.now(UTC)).total_seconds())
        self._expiry = asyncio.get_running_loop().call_later(
            delay, self.end, CLOSE_UNAUTHORIZED, "access token expired: send an auth frame first"
        )

    def end(self, code: int, reason: str) -> None:
        """Close the socket from outside its reader (session ended, token expired); the
        reader sees the close and cleans up as for any other."""
        if self.closing:
            return
        self.flush()
        self.closing = True
        task = asyncio.get_running_loop().create_task(self._close(code, reason))
        _CLOSING.add(task)  # the loop keeps only a weak reference to a task
        task.add_done_callback(_CLOSING.discard)

    def push(self, payload: bytes, frame: bytes | None = None) -> None:
        """Send a frame (``payload``: its JSON; ``frame``: the same already framed, built once
        per broadcast); a client too slow to keep up is cut off, never buffered forever."""
        if self.closing:
            return
        count_sent(payload)
        pending = self._pending
        if pending:  # the socket took direct frames this iteration: it still does (flush checks)
            pending.append(frame if frame is not None else text_frame(payload))
            if len(pending) >= QUEUE_LIMIT:
                self.flush()
            return
        if not self._behind and self.direct is not None and self.direct.ready():
            pending.append(frame if frame is not None else text_frame(payload))
            flusher = self._flusher
            if flusher is None:
                flusher = self._flusher = _flusher()
            flusher.add(self)
            return
        queue = self._queue
        if queue is None:
            queue = self._queue = asyncio.Queue(QUEUE_LIMIT)
            self._writer = asyncio.create_task(self._drain(queue), name=f"ws-writer-{self.id}")
        try:
            queue.put_nowait(payload)
        except asyncio.QueueFull:
            self._cut_off()
        else:
            self._behind = True

    def flush(self) -> None:
        """Write this socket's pending direct frames (once per loop iteration, or sooner)."""
        pending = self._pending
        if not pending or self.direct is None:
            return
        self._pending = []
        if self.closing:
            return
        try:
            unsent = self.direct.write(pending[0] if len(pending) == 1 else b"".join(pending))
        except Exception:  # the transport broke under us; the reader loop cleans up
            unsent = None
        if unsent is None:  # closed meanwhile: the ASGI path could not send them either
            self.closing = True
        elif unsent > BUFFER_LIMIT:
            self._cut_off()

    def _cut_off(self) -> None:
        self.closing = True
        asyncio.get_running_loop().create_task(self._close(CLOSE_SLOW_CONSUMER, "too slow: frames dropped"))

    async def stop(self) -> None:
        self.flush()
        self.closing = True
        if self._expiry is not None:
            self._expiry.cancel()
        if self._idle is not None:
            self._idle.cancel()
        if self._writer is not None and self._queue is not None:
            with contextlib.suppress(asyncio.QueueFull):
                self._queue.put_nowait(None)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._writer, 2)
            self._writer.cancel()

    async def _drain(self, queue: asyncio.Queue[bytes | None]) -> None:
        while (payload := await queue.get()) is not None:
            try:
                await self.socket.send_data(payload, mode="text")
            except Exception:  # the peer went away; the reader loop cleans up
                self.closing = True
                return
            if not queue.qsize():
                self._behind = False

    async def _close(self, code: int, reason: str) -> None:
        with contextlib.suppress(Exception):
            await self.socket.close(code=code, reason=reason)


class _Flusher:
    """The sockets of one event loop with direct frames pending, flushed once per iteration."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._dirty: list[Connection] = []

    def add(self, connection: Connection) -> None:
        if not self._dirty:
            self._loop.call_soon(self._flush)
        self._dirty.append(connection)

    def _flush(self) -> None:
        dirty, self._dirty = self._dirty, []
        for connection in dirty:
            connection.flush()


_FLUSHERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Flusher] = weakref.WeakKeyDictionary()


def _flusher() -> _Flusher:
    loop = asyncio.get_running_loop()
    flusher = _FLUSHERS.get(loop)
    if flusher is None:
        flusher = _FLUSHERS[loop] = _Flusher(loop)
    return flusher
