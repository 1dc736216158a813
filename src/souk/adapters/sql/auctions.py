"""Live auctions in SQL. A bid reads its auction ``FOR UPDATE``: on PostgreSQL the row lock
makes bids on one auction take turns across every server process (the second of two
equal bids reads the first one's result and is too low); SQLite's writers take turns
anyway (``BEGIN IMMEDIATE``). The partial unique index keeps one running auction per
product, whatever races."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from souk.adapters.sql.tables import stream_auctions as t
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.auction_repository import AuctionRepository
from souk.domain.shared.money import Money
from souk.domain.streams.auction import Auction, AuctionStatus
from souk.domain.streams.auction_errors import AuctionAlreadyRunning


def _of(row: Any) -> Auction:
    currency = row["currency"]
    current = row["current_amount"]
    return Auction(
        id=row["id"],
        stream_id=row["stream_id"],
        seller_id=row["seller_id"],
        product_id=row["product_id"],
        starting_price=Money(row["starting_amount"], currency),
        duration_s=row["duration_s"],
        sudden_death=row["sudden_death"],
        started_at=row["started_at"],
        ends_at=row["ends_at"],
        status=AuctionStatus(row["status"]),
        current_bid=Money(current, currency) if current is not None else None,
        leader_id=row["leader_id"],
        leader_alias=row["leader_alias"],
        bids=row["bids"],
        ended_at=row["ended_at"],
        transaction_id=row["transaction_id"],
        outcome=row["outcome"],
    )


def _changing(a: Auction) -> dict[str, Any]:
    return {
        "ends_at": a.ends_at,
        "status": a.status.value,
        "current_amount": a.current_bid.amount if a.current_bid else None,
        "leader_id": a.leader_id,
        "leader_alias": a.leader_alias,
        "bids": a.bids,
        "ended_at": a.ended_at,
        "transaction_id": a.transaction_id,
        "outcome": a.outcome,
    }


class SqlAuctionRepository(AuctionRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def add(self, auction: Auction) -> None:
        conn = await self._uow.connection()
        row = {
            "id": auction.id,
            "stream_id": auction.stream_id,
            "seller_id": auction.seller_id,
            "product_id": auction.product_id,
            "currency": auction.starting_price.currency,
            "starting_amount": auction.starting_price.amount,
            "duration_s": auction.duration_s,
            "sudden_death": auction.sudden_death,
            "started_at": auction.started_at,
            **_changing(auction),
        }
        try:
            async with conn.begin_nested():
                await conn.execute(insert(t), row)
        except IntegrityError:
            raise AuctionAlreadyRunning() from None

    async def get(self, auction_id: UUID) -> Auction | None:
        row = (await (await self._uow.connection()).execute(select(t).where(t.c.id == auction_id))).mappings().first()
        return _of(row) if row else None

    async def get_for_update(self, auction_id: UUID) -> Auction | None:
        query = select(t).where(t.c.id == auction_id).with_for_update()
        row = (await (await self._uow.connection()).execute(query)).mappings().first()
        return _of(row) if row else None

    async def save(self, auction: Auction) -> None:
        conn = await self._uow.connection()
        await conn.execute(update(t).where(t.c.id == auction.id).values(**_changing(auction)))

    async def due(self, now: datetime, limit: int) -> list[UUID]:
        query = (
            select(t.c.id)
            .where(t.c.status == AuctionStatus.RUNNING.value, t.c.ends_at <= now)
            .order_by(t.c.ends_at)
            .limit(limit)
        )
        return list((await (await self._uow.connection()).execute(query)).scalars())

    async def unsettled(self, ended_before: datetime, limit: int) -> list[UUID]:
        query = (
            select(t.c.id)
            .where(
                t.c.status == AuctionStatus.ENDED.value,
                t.c.leader_id.is_not(None),
                t.c.outcome.is_(None),
                t.c.ended_at < ended_before,
            )
            .order_by(t.c.ended_at)
            .limit(limit)
        )
        return list((await (await self._uow.connection()).execute(query)).scalars())

    async def of_stream(self, stream_id: UUID) -> list[Auction]:
        query = select(t).where(t.c.stream_id == stream_id).order_by(t.c.started_at, t.c.id)
        return [_of(r) for r in (await (await self._uow.connection()).execute(query)).mappings()]
