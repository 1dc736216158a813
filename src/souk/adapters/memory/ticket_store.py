from __future__ import annotations

from datetime import datetime, timedelta

from souk.application.ports.ticket_store import TicketGrant, TicketStore
from souk.application.shared.clock import Clock


class InMemoryTicketStore(TicketStore):
    """The embedded deployment's tickets: one process, so a dict (expired ones are dropped
    whenever a ticket is put, so the dict stays as small as the last 30 s of tickets)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._grants: dict[str, tuple[TicketGrant, datetime]] = {}

    async def put(self, key: str, grant: TicketGrant, ttl: timedelta) -> None:
        now = self._clock.now()
        for gone in [k for k, (_, until) in self._grants.items() if until <= now]:
            del self._grants[gone]
        self._grants[key] = (grant, now + ttl)

    async def take(self, key: str) -> TicketGrant | None:
        entry = self._grants.pop(key, None)
        if entry is None or entry[1] <= self._clock.now():
            return None
        return entry[0]
