"""The per-process switchboard: which sockets belong to which users and rooms, and the
relay that takes addressed frames and outbox events off the event bus and hands them to
local sockets. Each frame is encoded and framed once and the same bytes go to every
recipient (straight to its transport where it can, one write per socket for the broadcasts
of an event-loop iteration: connection.py, direct.py).

``message:delivered`` is this process's call: when a ``message:new`` is handed to a live
socket of a recipient other than the sender, the sender gets
``message:delivered {conversation_id, message_id, seq, user_id}`` (once per process that
holds a socket of that recipient, so a client treats repeats of one message id as one)."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections import defaultdict
from collections.abc import Collection
from uuid import UUID

from souk.application.ports.event_bus import EventBus
from souk.application.realtime.addressed import AddressedFrame, AddressedFrames
from souk.application.stopping import stop_task
from souk.application.system.outage import REDIS
from souk.application.system.outages import Outages
from souk.domain.accounts.events import SUSPENDED
from souk.domain.negotiation.events import MessageSent
from souk.domain.shared.events import DomainEvent
from souk.entrypoints.ws import frames
from souk.entrypoints.ws.connection import CLOSE_SUSPENDED, CLOSE_UNAUTHORIZED, Connection, broadcast
from souk.entrypoints.ws.direct import text_frame
from souk.entrypoints.ws.frame_data import DeliveredData
from souk.entrypoints.ws.projection import RealtimeProjection
from souk.entrypoints.ws.publisher import FrameBatch, RealtimePublisher, to_users

log = logging.getLogger("souk.ws")

STOP_GRACE_S = 5.0


@functools.lru_cache(maxsize=16_384)  # ~4 MB at most
def _user_id(user: str) -> UUID:
    """Frames address users as strings; parsing one into a UUID costs more than the rest of
    routing a chat frame, and the same few users come up again and again."""
    return UUID(user)


class Hub:
    def __init__(
        self, bus: EventBus, projection: RealtimeProjection | None = None, outages: Outages | None = None
    ) -> None:
        self._bus = bus
        self._projection = projection
        self._outages = outages
        self._publisher = RealtimePublisher(bus)
        self._receipts = FrameBatch(bus)
        # lists, not sets: a user or session has a socket or two (at most 10 per user), and an
        # empty-ish set per idle socket is ~0.2 KiB where a list of one is 64 bytes
        self._by_user: dict[UUID, list[Connection]] = defaultdict(list)
        self._by_session: dict[UUID, list[Connection]] = defaultdict(list)
        self._rooms: dict[str, set[Connection]] = defaultdict(set)
        # a room's members as a tuple, made at its first broadcast and kept until someone joins
        # or leaves: the iteration's broadcasts to one room share it (one write per socket)
        self._members: dict[str, tuple[Connection, ...]] = {}
        self._relay: asyncio.Task[None] | None = None
        self._relay_ready = asyncio.Event()
        self._stopping = False

    @property
    def publisher(self) -> RealtimePublisher:
        """Addresses frames to users or rooms on every process (through the bus)."""
        return self._publisher

    @property
    def connection_count(self) -> int:
        return sum(len(c) for c in self._by_user.values())

    async def ensure_relay(self) -> None:
        if self._relay is None or self._relay.done():
            self._relay_ready.clear()
            self._stopping = False
            self._relay = asyncio.create_task(self._run_relay(), name="ws-relay")
        try:
            await asyncio.wait_for(self._relay_ready.wait(), 5)
        except TimeoutError:  # the bus is away; the relay keeps retrying, sync fills the gap
            log.warning("ws.relay_not_ready")

    async def stop(self) -> None:
        """Stop the relay. The Redis client may turn the cancellation into a connection error
        (redis/redis-py#2028, #2551): the stop flag keeps the relay from resubscribing, and
        the wait is bounded whatever the client does."""
        self._stopping = True
        try:
            await asyncio.wait_for(self._receipts.flush(), STOP_GRACE_S)
        except Exception:  # the bus is away: receipts are fire-and-forget
            log.warning("ws.receipts_not_flushed")
        if not await stop_task(self._relay, STOP_GRACE_S):
            log.warning("ws.relay_not_stopped")

    def add(self, connection: Connection) -> None:
        self._by_user[connection.user_id].append(connection)
        if connection.session_id is not None:
            self._by_session[connection.session_id].append(connection)

    def remove(self, connection: Connection) -> None:
        for room in list(connection.rooms):
            self.leave(connection, room)
        self._forget_session(connection)
        users = self._by_user.get(connection.user_id)
        if users is not None:
            _discard(users, connection)
            if not users:
                del self._by_user[connection.user_id]

    def move_session(self, connection: Connection, session_id: UUID) -> None:
        """The socket renewed itself with a token of another session (an ``auth`` frame)."""
        self._forget_session(connection)
        connection.session_id = session_id
        self._by_session[session_id].append(connection)

    def end_sessions(self, session_ids: Collection[UUID], reason: str = "") -> int:
        """Close this process's sockets of ended sessions with 4401 (4403 when the account
        was suspended); how many."""
        code, why = (
            (CLOSE_SUSPENDED, "account suspended") if reason == SUSPENDED else (CLOSE_UNAUTHORIZED, "session ended")
        )
        ended = 0
        for session_id in session_ids:
            for connection in tuple(self._by_session.get(session_id, ())):
                connection.end(code, why)
                ended += 1
        return ended

    def _forget_session(self, connection: Connection) -> None:
        if connection.session_id is None:
            return
        members = self._by_session.get(connection.session_id)
        if members is not None:
            _discard(members, connection)
            if not members:
                del self._by_session[connection.session_id]

    def join(self, connection: Connection, room: str) -> None:
        connection.rooms.add(room)
        self._rooms[room].add(connection)
        self._members.pop(room, None)

    def leave(self, connection: Connection, room: str) -> None:
        connection.rooms.discard(room)
        self._members.pop(room, None)
        members = self._rooms.get(room)
        if members is not None:
            members.discard(connection)
            if not members:
                del self._rooms[room]

    def room_size(self, room: str) -> int:
        return len(self._rooms.get(room, ()))

    def live_connections(self) -> list[tuple[UUID, str]]:
        """``(user, connection id)`` of every socket this process holds (for the presence beat)."""
        return [(user, c.id) for user, connections in self._by_user.items() for c in connections]

    def has_user(self, user_id: UUID) -> bool:
        """Whether this process holds a live socket of the user."""
        return bool(self._by_user.get(user_id))

    def deliver(self, frame: AddressedFrame) -> int:
        """Route one addressed frame to this process's sockets; how many got it."""
        users, room = frame.users, frame.room
        skip = {*frame.except_users, frame.except_user} if frame.except_user else set(frame.except_users)
        targets: Collection[Connection]
        if room and not users and not skip:  # a live room's broadcast
            targets = self._room_members(room)
        else:
            targets = set()
            for user in users:
                targets.update(self._by_user.get(_user_id(user), ()))
            if room:
                targets |= {c for c in self._rooms.get(room, ()) if str(c.user_id) not in skip}
        if not targets:  # most processes hold none of the recipients: skip the encoding
            return 0
        payload = frames.encode(frame.type, frame.data)
        broadcast(targets, payload, text_frame(payload))  # the same bytes on the wire for every recipient
        return len(targets)

    def _room_members(self, room: str) -> tuple[Connection, ...]:
        members = self._members.get(room)
        if members is None:
            members = tuple(self._rooms.get(room, ()))
            if members:
                self._members[room] = members
        return members

    def has_room(self, room: str) -> bool:
        return bool(self._rooms.get(room))

    async def project(self, event: DomainEvent) -> int:
        """Turn one event into frames for this process's sockets; how many got one."""
        if self._projection is None:
            return 0
        sent = 0
        for frame in await self._projection.frames(event, self.has_room, self.has_user):
            sent += self.deliver(frame)
        receipt = self._projection.delivery_receipt(event)
        if receipt is not None:
            assert isinstance(event, MessageSent)
            sender, others = receipt
            for user in others:
                if self.has_user(user):
                    self._send_receipt(sender, event, user)
        return sent

    def _send_receipt(self, sender: UUID, event: MessageSent, recipient: UUID) -> None:
        m = event.message
        receipt = to_users([sender], "message:delivered", DeliveredData(m.conversation_id, m.id, m.seq, recipient))
        assert receipt is not None
        self._receipts.add(receipt)  # batched: one bus message per few milliseconds of receipts

    async def _run_relay(self) -> None:
        """Keep a subscription open; after a bus failure (Redis restart) resubscribe, backing
        off up to 5 s. A Redis outage is logged once (``outages``), not once per attempt."""
        backoff = 0.2
        lost = False
        kinds: tuple[type[DomainEvent], ...] = (
            AddressedFrame,
            AddressedFrames,
            *(self._projection.EVENTS if self._projection else ()),
        )
        while not self._stopping:
            try:
                async with self._bus.subscribe(*kinds) as stream:
                    self._relay_ready.set()
                    backoff = 0.2
                    if lost:
                        lost = False
                        log.info("ws.relay_resubscribed")
                        if self._outages is not None:
                            self._outages.succeeded(REDIS)
                    async for event in stream:
                        try:
                            if isinstance(event, AddressedFrame):
                                self.deliver(event)
                            elif isinstance(event, AddressedFrames):
                                for frame in event.frames:
                                    self.deliver(frame)
                            else:
                                await self.project(event)
                        except Exception:  # one bad event must not stop the relay
                            log.exception("ws.relay_bad_event topic=%s", event.topic)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # also a cancellation the Redis client turned into an error
                if self._stopping:
                    return
                if self._outages is None or self._outages.recognise(exc, "ws-relay") is None:
                    log.warning("ws.relay_reconnecting error=%s", type(exc).__name__)
                lost = True
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)


def _discard(connections: list[Connection], connection: Connection) -> None:
    if connection in connections:
        connections.remove(connection)
