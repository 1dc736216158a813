from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True, slots=True)
class IdempotencyRecord:
    fingerprint: str
    result: dict[str, str]


class IdempotencyStore(Protocol):
    """Keys per user, written in the use case's transaction: the result becomes visible
    only with the change it describes, and a failed attempt leaves no key behind."""

    async def claim(self, user_id: UUID, key: str, fingerprint: str, now: datetime) -> IdempotencyRecord | None:
        """Reserve the key (dropping an expired record first); ``None`` when reserved now,
        otherwise the earlier record. Concurrent claims of one key queue behind each other."""
        ...

    async def complete(self, user_id: UUID, key: str, result: dict[str, str]) -> None: ...
