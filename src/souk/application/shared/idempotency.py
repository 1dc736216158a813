"""Idempotency-Key handling for money-relevant POSTs: same key and body → the first result."""

from __future__ import annotations

import hashlib
from datetime import datetime
from uuid import UUID

from souk.application.ports.idempotency_store import IdempotencyStore
from souk.domain.shared.errors import IdempotencyKeyReused, InvalidIdempotencyKey

KEY_MAX = 255


def fingerprint(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


class Idempotency:
    def __init__(self, store: IdempotencyStore) -> None:
        self._store = store

    async def replay(self, user_id: UUID, key: str | None, print_: str, now: datetime) -> dict[str, str] | None:
        """The first result for this key, or ``None`` to go ahead (the key is then held)."""
        if key is None:
            return None
        if not 1 <= len(key) <= KEY_MAX or not key.isascii() or not key.isprintable():
            raise InvalidIdempotencyKey(field="Idempotency-Key")
        record = await self._store.claim(user_id, key, print_, now)
        if record is None:
            return None
        if record.fingerprint != print_:
            raise IdempotencyKeyReused()
        return record.result

    async def remember(self, user_id: UUID, key: str | None, result: dict[str, str]) -> None:
        if key is not None:
            await self._store.complete(user_id, key, result)
