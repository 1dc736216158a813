"""Offers, transactions, conversations and messages to rows and back."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Insert, Table, and_, or_, text
from sqlalchemy.dialects import postgresql, sqlite

from souk.adapters.sql.read_session import Statements
from souk.application.shared.cursors import SortKey
from souk.domain.negotiation.conversation import Conversation, Message, MessageType
from souk.domain.negotiation.offer import Action, Move, Offer, OfferStatus, Side
from souk.domain.negotiation.transaction import SaleSource, Transaction, TransactionStatus
from souk.domain.shared.money import Money
from souk.domain.shared.payment_method import PaymentMethod


async def insert_unless_clash(
    conn: Statements, table: Table, row: dict[str, Any], columns: tuple[str, ...], where: str
) -> bool:
    """Insert ``row`` unless it clashes with the partial unique index on ``columns``
    ``WHERE where``; False on a clash. One statement (``ON CONFLICT … DO NOTHING
    RETURNING``), where a savepoint around a plain INSERT took three round trips; built once
    per table, the row travels as parameters."""
    statement = _clash_insert(conn.dialect.name, table, columns, where)
    return (await conn.execute(statement, row)).first() is not None


@functools.cache
def _clash_insert(dialect_name: str, table: Table, columns: tuple[str, ...], where: str) -> Insert:
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    statement: Insert = (
        dialect.insert(table)
        .on_conflict_do_nothing(index_elements=list(columns), index_where=text(where))
        .returning(table.c.id)
    )
    return statement


def before_key(at: Any, ident: Any, key: SortKey | None) -> ColumnElement[bool] | None:
    """Rows strictly after ``key`` in (time, id) descending order."""
    if key is None:
        return None
    when, after_id = datetime.fromisoformat(str(key[0])), str(key[1])
    return or_(at < when, and_(at == when, ident < UUID(after_id)))


def offer_row(offer: Offer) -> dict[str, Any]:
    return {
        "id": offer.id,
        "product_id": offer.product_id,
        "buyer_id": offer.buyer_id,
        "seller_id": offer.seller_id,
        "conversation_id": offer.conversation_id,
        "list_price_amount": offer.list_price.amount,
        "price_amount": offer.price.amount,
        "price_currency": offer.price.currency,
        "status": offer.status.value,
        "turn": offer.turn.value,
        "history": [
            {"by": m.by.value, "action": m.action.value, "amount": m.price.amount, "at": m.at.isoformat()}
            for m in offer.history
        ],
        "expires_at": offer.expires_at,
        "created_at": offer.created_at,
        "updated_at": offer.updated_at,
        "payment_method": offer.payment_method.value,
    }


def offer_of(row: Any) -> Offer:
    currency = row["price_currency"]
    return Offer(
        id=row["id"],
        product_id=row["product_id"],
        buyer_id=row["buyer_id"],
        seller_id=row["seller_id"],
        conversation_id=row["conversation_id"],
        list_price=Money(row["list_price_amount"], currency),
        price=Money(row["price_amount"], currency),
        status=OfferStatus(row["status"]),
        turn=Side(row["turn"]),
        expires_at=row["expires_at"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        history=[
            Move(Side(m["by"]), Action(m["action"]), Money(m["amount"], currency), datetime.fromisoformat(m["at"]))
            for m in row["history"]
        ],
        payment_method=PaymentMethod(row["payment_method"]),
    )


def transaction_row(sale: Transaction) -> dict[str, Any]:
    return {
        "id": sale.id,
        "offer_id": sale.offer_id,
        "product_id": sale.product_id,
        "buyer_id": sale.buyer_id,
        "seller_id": sale.seller_id,
        "currency": sale.price.currency,
        "price_amount": sale.price.amount,
        "fee_amount": sale.platform_fee.amount,
        "fee_rate_bps": sale.fee_rate_bps,
        "payout_amount": sale.seller_payout.amount,
        "status": sale.status.value,
        "payment_reference": sale.payment_reference,
        "payment_method": sale.payment_method.value,
        "quantity": sale.quantity,
        "source": sale.source.value,
        "source_id": sale.source_id,
        "stream_id": sale.stream_id,
        "created_at": sale.created_at,
        "updated_at": sale.updated_at,
    }


def transaction_of(row: Any) -> Transaction:
    currency = row["currency"]
    return Transaction(
        id=row["id"],
        offer_id=row["offer_id"],
        product_id=row["product_id"],
        buyer_id=row["buyer_id"],
        seller_id=row["seller_id"],
        price=Money(row["price_amount"], currency),
        platform_fee=Money(row["fee_amount"], currency),
        fee_rate_bps=row["fee_rate_bps"],
        seller_payout=Money(row["payout_amount"], currency),
        status=TransactionStatus(row["status"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        payment_reference=row["payment_reference"],
        payment_method=PaymentMethod(row["payment_method"]),
        quantity=row["quantity"],
        source=SaleSource(row["source"]),
        source_id=row["source_id"],
        stream_id=row["stream_id"],
    )


CONVERSATION_STATE = (
    "buyer_last_read_seq",
    "seller_last_read_seq",
    "buyer_read_at",
    "seller_read_at",
    "buyer_archived",
    "seller_archived",
)


def conversation_row(c: Conversation) -> dict[str, Any]:
    return {
        "id": c.id,
        "buyer_id": c.buyer_id,
        "seller_id": c.seller_id,
        "product_id": c.product_id,
        "last_seq": c.last_seq,
        "created_at": c.created_at,
        "last_message_at": c.last_message_at,
        **{name: getattr(c, name) for name in CONVERSATION_STATE},
    }


def conversation_of(row: Any) -> Conversation:
    return Conversation(
        id=row["id"],
        buyer_id=row["buyer_id"],
        seller_id=row["seller_id"],
        product_id=row["product_id"],
        created_at=row["created_at"],
        last_message_at=row["last_message_at"],
        last_seq=row["last_seq"],
        **{name: row[name] for name in CONVERSATION_STATE},
    )


def message_row(m: Message) -> dict[str, Any]:
    return {
        "id": m.id,
        "conversation_id": m.conversation_id,
        "seq": m.seq,
        "sender_id": m.sender_id,
        "message_type": m.message_type.value,
        "content": m.content,
        "image_urls": list(m.image_urls),
        "offer_id": m.offer_id,
        "created_at": m.created_at,
    }


def message_of(row: Any) -> Message:
    return Message(
        id=row["id"],
        conversation_id=row["conversation_id"],
        seq=row["seq"],
        sender_id=row["sender_id"],
        message_type=MessageType(row["message_type"]),
        content=row["content"],
        image_urls=tuple(row["image_urls"]),
        offer_id=row["offer_id"],
        created_at=row["created_at"],
    )
