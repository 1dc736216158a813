"""The per-process switchboard: which sockets belong to which users and rooms, and the
relay that takes addressed frames off the event bus and hands them to local sockets.
Each frame is encoded once and the same bytes go to every recipient."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from typing import Any
from uuid import UUID

from souk.application.ports.event_bus import EventBus
from souk.application.realtime.publisher import REALTIME_TOPIC
from souk.entrypoints.ws import frames
from souk.entrypoints.ws.connection import Connection

log = logging.getLogger("souk.ws")


class Hub:
    def __init__(self, bus: EventBus) -> None:
        self._bus = bus
        self._by_user: dict[UUID, set[Connection]] = defaultdict(set)
        self._rooms: dict[str, set[Connection]] = defaultdict(set)
        self._relay: asyncio.Task[None] | None = None
        self._relay_ready = asyncio.Event()

    @property
    def connection_count(self) -> int:
        return sum(len(c) for c in self._by_user.values())

    async def ensure_relay(self) -> None:
        if self._relay is None or self._relay.done():
            self._relay_ready.clear()
            self._relay = asyncio.create_task(self._run_relay(), name="ws-relay")
        await asyncio.wait_for(self._relay_ready.wait(), 5)

    async def stop(self) -> None:
        if self._relay is not None:
            self._relay.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._relay

    def add(self, connection: Connection) -> None:
        self._by_user[connection.user_id].add(connection)

    def remove(self, connection: Connection) -> None:
        for room in list(connection.rooms):
            self.leave(connection, room)
        users = self._by_user.get(connection.user_id)
        if users is not None:
            users.discard(connection)
            if not users:
                del self._by_user[connection.user_id]

    def join(self, connection: Connection, room: str) -> None:
        connection.rooms.add(room)
        self._rooms[room].add(connection)

    def leave(self, connection: Connection, room: str) -> None:
        connection.rooms.discard(room)
        members = self._rooms.get(room)
        if members is not None:
            members.discard(connection)
            if not members:
                del self._rooms[room]

    def room_size(self, room: str) -> int:
        return len(self._rooms.get(room, ()))

    def deliver(self, envelope: dict[str, Any]) -> int:
        """Route one addressed frame to this process's sockets; how many got it."""
        payload = frames.encode(envelope["type"], envelope.get("data"))
        targets: set[Connection] = set()
        for user in envelope.get("users", ()):
            targets |= self._by_user.get(UUID(user), set())
        if room := envelope.get("room"):
            skip = envelope.get("except_user")
            targets |= {c for c in self._rooms.get(room, ()) if str(c.user_id) != skip}
        for connection in targets:
            connection.push(payload)
        return len(targets)

    async def _run_relay(self) -> None:
        """Keep a subscription open; after a bus failure (Redis restart) resubscribe."""
        backoff = 0.2
        while True:
            try:
                async with self._bus.subscribe(REALTIME_TOPIC) as stream:
                    self._relay_ready.set()
                    backoff = 0.2
                    async for _topic, envelope in stream:
                        try:
                            self.deliver(envelope)
                        except Exception:  # one malformed envelope must not stop the relay
                            log.exception("ws.relay_bad_envelope")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("ws.relay_reconnecting error=%s", exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
