from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import msgspec
from redis.asyncio import Redis

from souk.application.ports.ticket_store import TicketGrant, TicketStore

_PREFIX = "souk:ws-ticket:"


class _Stored(msgspec.Struct, frozen=True):
    user_id: str
    session_id: str
    token_expires_at: float


class RedisTicketStore(TicketStore):
    """Tickets any process can redeem: Redis expires them, ``GETDEL`` spends them atomically
    (of two processes racing with one ticket exactly one gets it)."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def put(self, key: str, grant: TicketGrant, ttl: timedelta) -> None:
        stored = _Stored(str(grant.user_id), str(grant.session_id), grant.token_expires_at.timestamp())
        await self._redis.set(_PREFIX + key, msgspec.json.encode(stored), px=int(ttl.total_seconds() * 1000))

    async def take(self, key: str) -> TicketGrant | None:
        raw = await self._redis.getdel(_PREFIX + key)
        if raw is None:
            return None
        stored = msgspec.json.decode(raw, type=_Stored)
        return TicketGrant(
            UUID(stored.user_id), UUID(stored.session_id), datetime.fromtimestamp(stored.token_expires_at, UTC)
        )
