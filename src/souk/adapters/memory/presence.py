from __future__ import annotations

import time
from collections.abc import Collection, Iterable
from uuid import UUID

from souk.application.ports.presence import Presence


class InMemoryPresence(Presence):
    """One process's view: enough for the embedded deployment and unit tests."""

    def __init__(self, ttl_s: float = 20.0) -> None:
        self._ttl_s = ttl_s
        self._connections: dict[UUID, dict[str, float]] = {}

    async def connect(self, user_id: UUID, connection_id: str) -> tuple[bool, int]:
        live = self._live(user_id)
        came_online = not live
        live[connection_id] = time.monotonic() + self._ttl_s
        self._connections[user_id] = live
        return came_online, len(live)

    async def disconnect(self, user_id: UUID, connection_id: str) -> bool:
        live = self._live(user_id)
        live.pop(connection_id, None)
        if live:
            self._connections[user_id] = live
            return False
        self._connections.pop(user_id, None)
        return True

    async def touch(self, connections: Collection[tuple[UUID, str]]) -> list[tuple[UUID, str]]:
        expires, missing = time.monotonic() + self._ttl_s, []
        for user_id, connection_id in connections:
            live = self._connections.get(user_id)
            if live is not None and connection_id in live:
                live[connection_id] = expires
            else:
                missing.append((user_id, connection_id))
        return missing

    async def online(self, user_ids: Iterable[UUID]) -> set[UUID]:
        return {u for u in user_ids if self._live(u)}

    async def expire_stale(self, limit: int = 1000) -> list[UUID]:
        now, gone = time.monotonic(), []
        for user_id, connections in list(self._connections.items())[:limit]:
            live = {c: exp for c, exp in connections.items() if exp > now}
            if live:
                self._connections[user_id] = live
            else:
                del self._connections[user_id]
                gone.append(user_id)
        return gone

    def _live(self, user_id: UUID) -> dict[str, float]:
        now = time.monotonic()
        return {c: exp for c, exp in self._connections.get(user_id, {}).items() if exp > now}
