from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, or_, select

from souk.adapters.sql.read_session import SqlSession
from souk.adapters.sql.tables import (
    comments,
    conversations,
    follows,
    giveaway_entries,
    giveaways,
    likes,
    media,
    messages,
    notifications,
    offers,
    payout_accounts,
    product_saves,
    products,
    saved_payment_methods,
    stream_auctions,
    stream_tips,
    transactions,
    users,
)
from souk.application.ports.personal_data import PersonalData

# Never part of an export: secrets, and storage internals that mean nothing outside.
SECRET_COLUMNS = frozenset({"password_hash", "original_key"})
MEDIA_ROUTE = "/api/v1/media/"


def jsonable(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


class SqlPersonalData(PersonalData):
    """One query per section; rows as they are stored (column names), secrets left out."""

    def __init__(self, uow: SqlSession) -> None:
        self._uow = uow

    async def export(self, user_id: UUID) -> dict[str, Any]:
        c = conversations.c
        mine = select(c.id).where(or_(c.buyer_id == user_id, c.seller_id == user_id))
        profile = await self._rows(select(users).where(users.c.id == user_id))
        uploads = await self._rows(select(media).where(media.c.owner_id == user_id))
        for item in uploads:
            item["original_url"] = f"{MEDIA_ROUTE}{item['id']}/original"
        said = select(messages).where(messages.c.conversation_id.in_(mine))
        party = (offers.c.buyer_id == user_id) | (offers.c.seller_id == user_id)
        dealt = (transactions.c.buyer_id == user_id) | (transactions.c.seller_id == user_id)
        tipped = (stream_tips.c.tipper_id == user_id) | (stream_tips.c.seller_id == user_id)
        a = stream_auctions.c
        bid_or_ran = (a.leader_id == user_id) | (a.seller_id == user_id)  # the leading bid is the one kept
        return {
            "profile": profile[0] if profile else None,
            "listings": await self._rows(select(products).where(products.c.seller_id == user_id)),
            "conversations": await self._rows(select(conversations).where(c.id.in_(mine))),
            "messages": await self._rows(said.order_by(messages.c.conversation_id, messages.c.seq)),
            "offers": await self._rows(select(offers).where(party)),
            "transactions": await self._rows(select(transactions).where(dealt)),
            "tips": await self._rows(select(stream_tips).where(tipped)),
            "saved_payment_methods": await self._rows(
                select(saved_payment_methods).where(saved_payment_methods.c.user_id == user_id)
            ),
            "payout_account": await self._rows(select(payout_accounts).where(payout_accounts.c.user_id == user_id)),
            "auctions": await self._rows(select(stream_auctions).where(bid_or_ran).order_by(a.started_at)),
            "giveaway_entries": [{**e, "won": bool(e["won"])} for e in await self._rows(_entries_of(user_id))],
            "comments": await self._rows(select(comments).where(comments.c.author_id == user_id)),
            "likes": await self._rows(select(likes).where(likes.c.user_id == user_id)),
            "follows": {
                "following": await self._rows(select(follows).where(follows.c.follower_id == user_id)),
                "followers": await self._rows(select(follows).where(follows.c.followee_id == user_id)),
            },
            "saves": await self._rows(select(product_saves).where(product_saves.c.user_id == user_id)),
            "notifications": await self._rows(select(notifications).where(notifications.c.user_id == user_id)),
            "media": uploads,
        }

    async def _rows(self, query: Select[Any]) -> list[dict[str, Any]]:
        conn = await self._uow.connection()
        result = (await conn.execute(query)).mappings()
        return [{k: jsonable(v) for k, v in row.items() if k not in SECRET_COLUMNS} for row in result]


def _entries_of(user_id: UUID) -> Select[Any]:
    """The user's giveaway entries with what they entered (never the seed: not theirs)."""
    e, g = giveaway_entries.c, giveaways.c
    won = (g.winner_id.is_not(None) & (g.winner_id == user_id)).label("won")
    return (
        select(e.giveaway_id, g.stream_id, g.product_id, e.entered_at, g.ends_at, g.ended_at, won)
        .join(giveaways, g.id == e.giveaway_id)
        .where(e.user_id == user_id)
        .order_by(e.entered_at)
    )
