from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Protocol
from uuid import UUID


class Presence(Protocol):
    """Who is online, across every server process. A user with several devices is online
    while any of their connections lives. Each process renews all of its live connections
    every beat (``touch``); those of a process that died stop being renewed and expire."""

    async def connect(self, user_id: UUID, connection_id: str) -> tuple[bool, int]:
        """Register a connection; ``(came_online, live_connections)``."""
        ...

    async def disconnect(self, user_id: UUID, connection_id: str) -> bool:
        """Drop a connection; ``True`` when it was the user's last one."""
        ...

    async def touch(self, connections: Collection[tuple[UUID, str]]) -> list[tuple[UUID, str]]:
        """Renew these ``(user, connection)`` pairs in one round trip. A pair already swept
        or disconnected stays gone and is returned (the caller may ``connect`` it again)."""
        ...

    async def online(self, user_ids: Iterable[UUID]) -> set[UUID]: ...

    async def expire_stale(self, limit: int = 1000) -> list[UUID]:
        """Drop connections past their expiry; the users left with none. Each expired
        connection is reported to one caller only, even with several processes sweeping."""
        ...
