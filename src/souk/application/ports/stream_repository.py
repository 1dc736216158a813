from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.application.shared.cursors import SortKey
from souk.domain.streams.stream import Stream, StreamStatus
from souk.domain.streams.stream_product import StreamProduct


class StreamReader(Protocol):
    """Queries that need no transaction."""

    async def get(self, stream_id: UUID) -> Stream | None: ...

    async def unfinished(self, stream_ids: Collection[UUID]) -> set[UUID]:
        """Of these ids, the streams that exist and have not ended or been cancelled (one query)."""
        ...

    async def by_key(self, key_digest: str) -> Stream | None:
        """The stream that was last given this key, whatever its status."""
        ...

    async def listed(
        self,
        status: StreamStatus,
        seller_id: UUID | None,
        after: SortKey | None,
        limit: int,
        hidden_sellers: frozenset[UUID] = frozenset(),
    ) -> list[tuple[Stream, SortKey]]:
        """Streams in a status, newest first by (created_at, id), strictly after ``after``;
        none of ``hidden_sellers`` (blocked or suspended: filtered only when there are any)."""
        ...

    async def live(self, limit: int) -> list[Stream]:
        """Live streams, most recently started first."""
        ...

    async def products(self, stream_id: UUID) -> list[StreamProduct]:
        """The stream's products in the order they were attached."""
        ...


class StreamRepository(StreamReader, Protocol):
    async def add(self, stream: Stream) -> None: ...

    async def get_for_update(self, stream_id: UUID) -> Stream | None:
        """Holds the row until the transaction ends."""
        ...

    async def by_key_for_update(self, key_digest: str) -> Stream | None:
        """Like ``by_key``, locked until the transaction ends."""
        ...

    async def save(self, stream: Stream) -> None:
        """Raises AlreadyLive when the seller has another live stream (the database keeps
        one live stream per seller, whatever races)."""
        ...

    async def add_products(self, products: Sequence[StreamProduct]) -> None: ...

    async def save_products(self, products: Sequence[StreamProduct]) -> None:
        """Write tag and featured flag; un-featuring goes first so at most one is featured."""
        ...

    async def silent_since(self, before: datetime, limit: int) -> list[UUID]:
        """Live streams whose ingest has been interrupted since before ``before``."""
        ...
