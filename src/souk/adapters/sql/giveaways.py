"""Giveaways in SQL: one row per giveaway (the result written once, at the close) and one
per entry (the primary key keeps a user to one entry)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from souk.adapters.sql.tables import giveaway_entries, giveaways
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.giveaway_repository import GiveawayRepository
from souk.domain.streams.giveaway import Giveaway

_g = giveaways.c


def _giveaway_of(row: Any) -> Giveaway:
    return Giveaway(
        id=row["id"],
        stream_id=row["stream_id"],
        seller_id=row["seller_id"],
        product_id=row["product_id"],
        followers_only=row["followers_only"],
        seed=row["seed"],
        seed_commitment=row["seed_commitment"],
        started_at=row["started_at"],
        ends_at=row["ends_at"],
        ended_at=row["ended_at"],
        winner_id=row["winner_id"],
        entrants=row["entrants"],
    )


class SqlGiveawayRepository(GiveawayRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def _one(self, query: Select[Any]) -> Giveaway | None:
        conn = await self._uow.connection()
        row = (await conn.execute(query)).mappings().one_or_none()
        return _giveaway_of(row) if row else None

    async def add(self, giveaway: Giveaway) -> None:
        conn = await self._uow.connection()
        row = {
            "id": giveaway.id,
            "stream_id": giveaway.stream_id,
            "seller_id": giveaway.seller_id,
            "product_id": giveaway.product_id,
            "followers_only": giveaway.followers_only,
            "seed": giveaway.seed,
            "seed_commitment": giveaway.seed_commitment,
            "started_at": giveaway.started_at,
            "ends_at": giveaway.ends_at,
            "ended_at": giveaway.ended_at,
            "winner_id": giveaway.winner_id,
            "entrants": giveaway.entrants,
        }
        await conn.execute(giveaways.insert(), row)

    async def get(self, giveaway_id: UUID) -> Giveaway | None:
        return await self._one(select(giveaways).where(_g.id == giveaway_id))

    async def get_for_update(self, giveaway_id: UUID) -> Giveaway | None:
        return await self._one(select(giveaways).where(_g.id == giveaway_id).with_for_update())

    async def get_for_entry(self, giveaway_id: UUID) -> Giveaway | None:
        return await self._one(select(giveaways).where(_g.id == giveaway_id).with_for_update(read=True))

    async def save(self, giveaway: Giveaway) -> None:
        conn = await self._uow.connection()
        await conn.execute(
            update(giveaways)
            .where(_g.id == giveaway.id)
            .values(ended_at=giveaway.ended_at, winner_id=giveaway.winner_id, entrants=giveaway.entrants)
        )

    async def running(self, stream_id: UUID) -> Giveaway | None:
        query = select(giveaways).where(_g.stream_id == stream_id, _g.ended_at.is_(None)).order_by(_g.started_at)
        return await self._one(query.limit(1))

    async def enter(self, giveaway_id: UUID, user_id: UUID, at: datetime) -> bool:
        conn = await self._uow.connection()
        insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        statement = (
            insert(giveaway_entries)
            .values(giveaway_id=giveaway_id, user_id=user_id, entered_at=at)
            .on_conflict_do_nothing(index_elements=["giveaway_id", "user_id"])
        )
        return bool((await conn.execute(statement)).rowcount)

    async def entrant_ids(self, giveaway_id: UUID) -> list[UUID]:
        conn = await self._uow.connection()
        query = (
            select(giveaway_entries.c.user_id)
            .where(giveaway_entries.c.giveaway_id == giveaway_id)
            .order_by(giveaway_entries.c.user_id)
        )
        return list((await conn.execute(query)).scalars())

    async def due(self, now: datetime, limit: int) -> list[UUID]:
        conn = await self._uow.connection()
        query = select(_g.id).where(_g.ended_at.is_(None), _g.ends_at <= now).order_by(_g.ends_at).limit(limit)
        return list((await conn.execute(query)).scalars())
