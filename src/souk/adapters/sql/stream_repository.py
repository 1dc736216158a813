from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import Executable, and_, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from souk.adapters.sql.read_session import SqlSession
from souk.adapters.sql.stream_rows import product_of, product_row, stream_of, stream_row
from souk.adapters.sql.tables import stream_products, streams
from souk.application.ports.stream_repository import StreamRepository
from souk.application.shared.cursors import SortKey
from souk.domain.streams.errors import AlreadyLive
from souk.domain.streams.stream import IngestState, Stream, StreamStatus
from souk.domain.streams.stream_product import StreamProduct


class SqlStreamRepository(StreamRepository):
    def __init__(self, uow: SqlSession) -> None:
        self._uow = uow

    async def add(self, stream: Stream) -> None:
        conn = await self._uow.connection()
        await conn.execute(insert(streams).values(**stream_row(stream)))

    async def get(self, stream_id: UUID) -> Stream | None:
        return await self._one(select(streams).where(streams.c.id == stream_id))

    async def unfinished(self, stream_ids: Collection[UUID]) -> set[UUID]:
        if not stream_ids:
            return set()
        conn = await self._uow.connection()
        query = select(streams.c.id).where(
            streams.c.id.in_(list(stream_ids)),
            streams.c.status.not_in([StreamStatus.ENDED.value, StreamStatus.CANCELLED.value]),
        )
        return {UUID(str(row.id)) for row in await conn.execute(query)}

    async def get_for_update(self, stream_id: UUID) -> Stream | None:
        return await self._one(select(streams).where(streams.c.id == stream_id).with_for_update())

    async def by_key(self, key_digest: str) -> Stream | None:
        return await self._one(select(streams).where(streams.c.key_digest == key_digest))

    async def by_key_for_update(self, key_digest: str) -> Stream | None:
        return await self._one(select(streams).where(streams.c.key_digest == key_digest).with_for_update())

    async def save(self, stream: Stream) -> None:
        conn = await self._uow.connection()
        assert isinstance(conn, AsyncConnection), "a save runs in the unit of work's transaction"
        row = {k: v for k, v in stream_row(stream).items() if k != "id"}
        try:
            async with conn.begin_nested():
                await conn.execute(update(streams).where(streams.c.id == stream.id).values(**row))
        except IntegrityError:
            raise AlreadyLive() from None

    async def listed(
        self,
        status: StreamStatus,
        seller_id: UUID | None,
        after: SortKey | None,
        limit: int,
        hidden_sellers: frozenset[UUID] = frozenset(),
    ) -> list[tuple[Stream, SortKey]]:
        query = select(streams).where(streams.c.status == status.value)
        if hidden_sellers:
            query = query.where(streams.c.seller_id.not_in(sorted(hidden_sellers)))
        if seller_id is not None:
            query = query.where(streams.c.seller_id == seller_id)
        if after is not None:
            at, last_id = datetime.fromisoformat(str(after[0])), UUID(str(after[1]))
            query = query.where(
                or_(streams.c.created_at < at, and_(streams.c.created_at == at, streams.c.id < last_id))
            )
        query = query.order_by(streams.c.created_at.desc(), streams.c.id.desc()).limit(limit)
        conn = await self._uow.connection()
        found = [stream_of(r) for r in (await conn.execute(query)).mappings()]
        return [(s, (s.created_at.isoformat(), str(s.id))) for s in found]

    async def live(self, limit: int) -> list[Stream]:
        query = (
            select(streams)
            .where(streams.c.status == StreamStatus.LIVE.value)
            .order_by(streams.c.started_at.desc(), streams.c.id.desc())
            .limit(limit)
        )
        conn = await self._uow.connection()
        return [stream_of(r) for r in (await conn.execute(query)).mappings()]

    async def products(self, stream_id: UUID) -> list[StreamProduct]:
        query = select(stream_products).where(stream_products.c.stream_id == stream_id)
        conn = await self._uow.connection()
        rows = (await conn.execute(query.order_by(stream_products.c.position))).mappings()
        return [product_of(r) for r in rows]

    async def add_products(self, products: Sequence[StreamProduct]) -> None:
        if products:
            conn = await self._uow.connection()
            await conn.execute(insert(stream_products), [product_row(p) for p in products])

    async def save_products(self, products: Sequence[StreamProduct]) -> None:
        conn = await self._uow.connection()
        for p in sorted(products, key=lambda p: p.featured):  # un-featuring first
            row = {k: v for k, v in product_row(p).items() if k not in ("stream_id", "product_id")}
            await conn.execute(
                update(stream_products)
                .where(stream_products.c.stream_id == p.stream_id, stream_products.c.product_id == p.product_id)
                .values(**row)
            )

    async def silent_since(self, before: datetime, limit: int) -> list[UUID]:
        query = (
            select(streams.c.id)
            .where(
                streams.c.status == StreamStatus.LIVE.value,
                streams.c.ingest_state == IngestState.INTERRUPTED.value,
                streams.c.interrupted_at <= before,
            )
            .order_by(streams.c.interrupted_at)
            .limit(limit)
        )
        conn = await self._uow.connection()
        return list((await conn.execute(query)).scalars())

    async def _one(self, query: Executable) -> Stream | None:
        conn = await self._uow.connection()
        row = (await conn.execute(query)).mappings().one_or_none()
        return stream_of(row) if row else None
