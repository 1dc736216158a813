"""Messages and offers as plain JSON-ready documents (the wire shapes of API.md). Events
carry them, so every server process can turn an event into frames without reading the
database once per socket."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from souk.domain.negotiation.conversation import Message
from souk.domain.negotiation.offer import Offer
from souk.domain.shared.money import Money


def rfc3339(at: datetime) -> str:
    """As msgspec writes a UTC datetime, so frames and REST bodies agree to the character."""
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def money_document(value: Money) -> dict[str, Any]:
    return {"amount": value.amount, "currency": value.currency}


def offer_document(offer: Offer) -> dict[str, Any]:
    return {
        "id": str(offer.id),
        "product_id": str(offer.product_id),
        "buyer_id": str(offer.buyer_id),
        "seller_id": str(offer.seller_id),
        "conversation_id": str(offer.conversation_id),
        "price": money_document(offer.price),
        "status": offer.status.value,
        "turn": offer.turn.value,
        "expires_at": rfc3339(offer.expires_at),
        "history": [
            {"by": m.by.value, "action": m.action.value, "price": money_document(m.price), "at": rfc3339(m.at)}
            for m in offer.history
        ],
        "created_at": rfc3339(offer.created_at),
        "updated_at": rfc3339(offer.updated_at),
    }


def message_document(message: Message, offer: Offer | None = None) -> dict[str, Any]:
    """A new message: not read yet; ``offer`` is the offer it is about, as it stands."""
    return {
        "id": str(message.id),
        "conversation_id": str(message.conversation_id),
        "seq": message.seq,
        "sender_id": str(message.sender_id) if message.sender_id else None,
        "message_type": message.message_type.value,
        "content": message.content,
        "image_urls": list(message.image_urls),
        "offer_id": str(message.offer_id) if message.offer_id else None,
        "created_at": rfc3339(message.created_at),
        "read_at": None,
        "offer": offer_document(offer) if offer is not None else None,
    }
