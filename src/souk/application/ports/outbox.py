from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from uuid import UUID

from souk.domain.shared.events import DomainEvent

LEASE = timedelta(seconds=30)


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """``event`` is None for a row this build cannot read (an unknown topic, a shape too
    old to upcast): consumers skip it, and mark it as handled like any other."""

    id: UUID
    event: DomainEvent | None
    created_at: datetime


class Outbox(Protocol):
    """Events stored in the same transaction as the change they describe."""

    async def add(self, entry: OutboxEntry) -> None:
        """Write within the current unit of work; durable only when it commits."""
        ...

    async def mark_published(self, ids: Sequence[UUID], at: datetime) -> None:
        """Also within the unit of work: never a second connection while one is held."""
        ...


class OutboxStore(Protocol):
    """The relay's side: find what was committed but not yet published, outside any use case."""

    async def claim_unpublished(self, now: datetime, older_than: datetime, limit: int) -> Sequence[OutboxEntry]:
        """Lease up to ``limit`` unpublished entries created before ``older_than``, oldest
        first; an entry leased by one relay is not handed to another until the lease ends."""
        ...

    async def mark_published(self, ids: Sequence[UUID], at: datetime) -> None: ...

    async def oldest_unpublished(self) -> datetime | None:
        """When the oldest entry still waiting for publication was created (the outbox's lag)."""
        ...

    async def published_since(self, since: datetime, topics: Sequence[str], limit: int) -> Sequence[OutboxEntry]:
        """Up to ``limit`` entries on ``topics`` created or published at or after ``since``
        (published or not yet), oldest first: what a bus subscriber that lapsed at ``since``
        may have missed."""
        ...

    async def prune(self, before: datetime, limit: int) -> int:
        """Delete up to ``limit`` entries created before ``before`` that are done with:
        published on the bus and consumed by the notification consumer. Returns how many
        went. An entry either side has not finished with stays, however old."""
        ...
