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
iteration that produced it.

A busy big room's broadcasts linger a little (:data:`LINGER_S`): when a broadcast to at least
:data:`LINGER_RECIPIENTS` sockets was written less than :data:`BUSY_S` ago, the next ones wait
up to ``LINGER_S`` for company and go out together, one write per socket — the write, not the
frame, is what a recipient costs (on the server and on the viewer), so a room with a few
broadcasts a second keeps its cost per frame falling as it gets busier instead of paying one
write per frame. A quiet room's broadcast, and any socket's own frames (acks), still go out
when the loop turns.

A broadcast (:func:`broadcast`: a room's frame, or a frame to a few users) is not pushed
socket by socket: it waits with the iteration's other broadcasts, and when the loop turns the
frames one group of sockets got are joined once and that one bytes object is written to each
socket of the group — per recipient, a few checks and one ``transport.write``. A frame pushed
to one socket (an ack, a heartbeat's answer) first writes that socket's share of the broadcasts
waiting before it, so order holds, and the others still get theirs in one write."""

from __future__ import annotations

import asyncio
import contextlib
import math
import uuid
import weakref
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID

from souk.entrypoints.ws.asgi_socket import AsgiSocket
from souk.entrypoints.ws.direct import DirectWriter, text_frame
from souk.entrypoints.ws.metrics import count_sent
from souk.entrypoints.ws.throttle import TokenBucket

QUEUE_LIMIT = 512
BUFFER_LIMIT = 256 * 1024  # unsent bytes in a transport: ~30 s of a busy live room's frames
LINGER_S = 0.01  # the longest a busy big room's broadcast waits for the next ones
BUSY_S = 0.1  # a big broadcast written this recently makes the room busy
LINGER_RECIPIENTS = 64  # fewer recipients: a broadcast is cheap, it never lingers
CLOSE_SLOW_CONSUMER = 4008
CLOSE_IDLE = 4408
CLOSE_UNAUTHORIZED = 4401
CLOSE_SUSPENDED = 4403  # the account was suspended or banned by staff
_CLOSING: set[asyncio.Task[None]] = set()
_NEVER = math.inf


@dataclass(eq=False, slots=True)  # slots: no instance dict on each of thousands of idle sockets
class Connection:
    socket: AsgiSocket
    user_id: UUID
    direct: DirectWriter | None = None
    session_id: UUID | None = None  # the session of the access token (or ticket) it opened with
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    # rooms, partners, typing and budgets (properties below) are made when first used: most
    # sockets sit idle in none, and four empty containers are ~0.5 KiB per socket
    _rooms: set[str] | None = None
    _partners: dict[UUID, UUID] | None = None
    _typing: dict[UUID, asyncio.TimerHandle] | None = None
    _budgets: dict[str, TokenBucket] | None = None
    # the ASGI path's queue and writer task, made when a frame first needs them: a socket
    # served by direct writes alone (most, see direct.py) never holds either
    _queue: asyncio.Queue[bytes | None] | None = None
    _writer: asyncio.Task[None] | None = None
    _behind: bool = False  # frames wait in the queue or in the writer's hands
    _pending: list[bytes] | None = None  # direct frames of this loop iteration
    _flusher: _Flusher | None = None
    _took_round: int = -1  # the flusher's round in which it took its share of waiting broadcasts
    _took_upto: int = 0  # ... and how many of them it took
    _timer: asyncio.TimerHandle | None = None  # the idle rule's or the token expiry's, the earlier
    _timer_at: float = 0.0
    _idle_after: float = 0.0  # seconds without a frame before 4408 (0: not watched)
    _expires: float = math.inf  # the event loop's clock when the access token expires
    last_seen: float = 0.0  # the event loop's clock when the client last sent a frame
    closing: bool = False

    @property
    def rooms(self) -> set[str]:
        if self._rooms is None:
            self._rooms = set()
        return self._rooms

    @property
    def partners(self) -> dict[UUID, UUID]:
        """Conversation id -> the other member, learnt once (members never change): per-frame
        authorisation of typing frames without a database read each time."""
        if self._partners is None:
            self._partners = {}
        return self._partners

    @property
    def typing(self) -> dict[UUID, asyncio.TimerHandle]:
        """Conversation id -> when this socket's typing indicator there expires."""
        if self._typing is None:
            self._typing = {}
        return self._typing

    @property
    def budgets(self) -> dict[str, TokenBucket]:
        if self._budgets is None:
            self._budgets = {}
        return self._budgets

    def watch_idle(self, timeout: float) -> None:
        """Close with 4408 once the client has sent nothing for ``timeout`` seconds. The reader
        just moves ``last_seen``: no timeout object per received frame."""
        loop = asyncio.get_running_loop()
        self.last_seen = loop.time()
        self._idle_after = timeout
        self._arm(loop)

    def expire_at(self, when: datetime) -> None:
        """Close with 4401 when the access token expires (again later if an ``auth`` frame
        brings a fresh token first: that re-arms it)."""
        loop = asyncio.get_running_loop()
        self._expires = loop.time() + max(0.0, (when - datetime.now(UTC)).total_seconds())
        self._arm(loop)

    def _due(self) -> float:
        idle = self.last_seen + self._idle_after if self._idle_after else _NEVER
        return min(idle, self._expires)

    def _arm(self, loop: asyncio.AbstractEventLoop) -> None:
        """One timer per socket for both rules (a timer handle is ~0.5 KiB on every idle
        socket), set for the earlier; a timer due before that is kept: it re-arms when it fires."""
        due = self._due()
        if self._timer is not None:
            if self._timer_at <= due:
                return
            self._timer.cancel()
            self._timer = None
        if due != _NEVER:
            self._timer, self._timer_at = loop.call_at(due, self._on_timer), due

    def _on_timer(self) -> None:
        self._timer = None
        loop = asyncio.get_running_loop()
        now = loop.time()
        if now >= self._expires:
            self.end(CLOSE_UNAUTHORIZED, "access token expired: send an auth frame first")
        elif self._idle_after and now >= self.last_seen + self._idle_after:
            self.end(CLOSE_IDLE, "idle: send heartbeat frames")
        else:
            self._arm(loop)

    def end(self, code: int, reason: str) -> None:
        """Close the socket from outside its reader (session ended, token expired); the
        reader sees the close and cleans up as for any other."""
        if self.closing:
            return
        _take_casts(self)
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
        _take_casts(self)  # broadcasts that came first go first
        self._push(payload, frame)

    def _push(self, payload: bytes, frame: bytes | None) -> None:
        pending = self._pending
        if pending:  # the socket took direct frames this iteration: it still does (flush checks)
            pending.append(frame if frame is not None else text_frame(payload))
            if len(pending) >= QUEUE_LIMIT:
                self.flush()
            return
        if not self._behind and self.direct is not None and self.direct.ready():
            self._pending = [frame if frame is not None else text_frame(payload)]
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

    def cast(self, payloads: list[bytes], frames: bytes) -> None:
        """This iteration's broadcasts to this socket: ``payloads`` (their JSON, for the ASGI
        path) and ``frames`` (the same framed and joined, shared by every recipient)."""
        if self.closing:
            return
        pending = self._pending
        if pending:  # direct frames of this iteration came first: these go after them
            pending.append(frames)
            return
        direct = self.direct
        if not self._behind and direct is not None:
            try:
                unsent = direct.write(frames)
            except Exception:  # the transport broke under us; the reader loop cleans up
                self.closing = True
                return
            if unsent is not None:
                if unsent > BUFFER_LIMIT:
                    self._cut_off()
                return
        for payload in payloads:  # the ASGI path: not open for direct writes, or frames queued
            self._push(payload, None)
            if self.closing:
                return

    def flush(self) -> None:
        """Write this socket's pending direct frames (once per loop iteration, or sooner)."""
        pending = self._pending
        if not pending or self.direct is None:
            return
        self._pending = None
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
        _take_casts(self)
        self.flush()
        self.closing = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
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
    """The sockets of one event loop with direct frames pending, and the loop's broadcasts,
    written once per iteration."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._dirty: list[Connection] = []
        # broadcasts: (recipients, payloads, frames); one entry per run of broadcasts to the
        # same recipients (the same collection object: a room's member tuple, see hub.py)
        self._casts: list[tuple[Collection[Connection], list[bytes], list[bytes]]] = []
        self._scheduled = False
        self._casts_scheduled = False
        self._big_written = -math.inf  # the loop's clock when a big broadcast was last written
        self._round = 0  # how many times the broadcasts were written
        self._sealed = False  # a socket took its share: later broadcasts start a new entry
        self._taken = False  # some socket took its share this round

    def _schedule(self) -> None:
        if not self._scheduled:
            self._scheduled = True
            self._loop.call_soon(self._flush)

    def _schedule_casts(self, recipients: int) -> None:
        if self._casts_scheduled:
            return
        self._casts_scheduled = True
        loop = self._loop
        if recipients >= LINGER_RECIPIENTS and loop.time() - self._big_written < BUSY_S:
            loop.call_later(LINGER_S, self._write_casts)
        else:
            loop.call_soon(self._write_casts)

    def add(self, connection: Connection) -> None:
        self._schedule()
        self._dirty.append(connection)

    def cast(self, recipients: Collection[Connection], payload: bytes, frame: bytes) -> None:
        casts = self._casts
        if casts and casts[-1][0] is recipients and not self._sealed:
            _, payloads, frames = casts[-1]
            payloads.append(payload)
            frames.append(frame)
        else:
            casts.append((recipients, [payload], [frame]))
            self._sealed = False
        self._schedule_casts(len(recipients))

    def take(self, connection: Connection) -> None:
        """``connection`` gets a frame of its own: first its share of the waiting broadcasts
        (written now), which the round's write then skips for it."""
        casts = self._casts
        if not casts:
            return
        start = connection._took_upto if connection._took_round == self._round else 0
        for recipients, payloads, frames in casts[start:]:
            if connection in recipients:
                connection.cast(payloads, b"".join(frames))
        connection._took_round, connection._took_upto = self._round, len(casts)
        self._sealed = self._taken = True

    def _write_casts(self) -> None:
        self._casts_scheduled = False
        self.write_casts()

    def write_casts(self) -> None:
        casts, self._casts = self._casts, []
        done, taken = self._round, self._taken
        self._round, self._sealed, self._taken = done + 1, False, False
        i = 0
        while i < len(casts):
            recipients, payloads, frames = casts[i]
            if len(recipients) >= LINGER_RECIPIENTS:
                self._big_written = self._loop.time()
            j = i + 1
            while j < len(casts) and casts[j][0] is recipients:  # a run split where a socket took its share
                j += 1
            if j > i + 1:
                payloads = [p for entry in casts[i:j] for p in entry[1]]
                frames = [f for entry in casts[i:j] for f in entry[2]]
            joined = frames[0] if len(frames) == 1 else b"".join(frames)
            if not taken:
                for connection in recipients:
                    connection.cast(payloads, joined)
            else:
                for connection in recipients:
                    if connection._took_round == done and connection._took_upto > i:
                        rest = casts[connection._took_upto : j]
                        if rest:
                            connection.cast([p for e in rest for p in e[1]], b"".join(f for e in rest for f in e[2]))
                    else:
                        connection.cast(payloads, joined)
            i = j

    def _flush(self) -> None:
        self._scheduled = False
        dirty, self._dirty = self._dirty, []
        for connection in dirty:  # pushed before any broadcast still waiting (push takes those first)
            connection.flush()


_FLUSHERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Flusher] = weakref.WeakKeyDictionary()


def _flusher() -> _Flusher:
    loop = asyncio.get_running_loop()
    flusher = _FLUSHERS.get(loop)
    if flusher is None:
        flusher = _FLUSHERS[loop] = _Flusher(loop)
    return flusher


def _take_casts(connection: Connection) -> None:
    flusher = _FLUSHERS.get(asyncio.get_running_loop())
    if flusher is not None:
        flusher.take(connection)


def broadcast(recipients: Collection[Connection], payload: bytes, frame: bytes) -> None:
    """Send one frame (``payload``, and ``frame``: the same framed once) to every connection of
    ``recipients`` when the loop turns, with the iteration's other broadcasts to the same
    collection in one write per socket. ``recipients`` must not change meanwhile (a tuple)."""
    count_sent(payload, len(recipients))
    _flusher().cast(recipients, payload, frame)
