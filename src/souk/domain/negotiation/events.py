"""What negotiation tells the rest of Souk (through the outbox; consumers tolerate repeats).

Offer and message events carry the offer or message as it stands after the move, so every
server process can turn them into frames without reading the database once per socket."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Self
from uuid import UUID

from souk.domain.negotiation.conversation import Message
from souk.domain.negotiation.offer import Action, Move, Offer, OfferStatus, Side
from souk.domain.negotiation.transaction import Transaction, TransactionStatus
from souk.domain.shared.events import DomainEvent
from souk.domain.shared.money import Money


@dataclass(frozen=True, slots=True)
class OfferSnapshot:
    """An offer as it stood when the event was raised (what its parties may see of it)."""

    id: UUID
    product_id: UUID
    buyer_id: UUID
    seller_id: UUID
    conversation_id: UUID
    price: Money
    status: OfferStatus
    turn: Side
    expires_at: datetime
    history: tuple[Move, ...]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, offer: Offer) -> OfferSnapshot:
        return cls(
            offer.id,
            offer.product_id,
            offer.buyer_id,
            offer.seller_id,
            offer.conversation_id,
            offer.price,
            offer.status,
            offer.turn,
            offer.expires_at,
            tuple(offer.history),
            offer.created_at,
            offer.updated_at,
        )

    @property
    def last_move(self) -> Move:
        return self.history[-1]

    @property
    def parties(self) -> tuple[UUID, UUID]:
        return self.buyer_id, self.seller_id

    def actor(self) -> UUID | None:
        """Who made the move that raised the event (None: Souk itself)."""
        by = self.last_move.by
        return self.buyer_id if by is Side.BUYER else self.seller_id if by is Side.SELLER else None


@dataclass(frozen=True, slots=True)
class OfferEvent(DomainEvent):
    offer: OfferSnapshot

    @property
    def action(self) -> Action:
        return self.offer.last_move.action


@dataclass(frozen=True, slots=True)
class OfferMade(OfferEvent):
    """A buyer made an offer (v2: the offer itself; v1 rows are upcast)."""

    topic: ClassVar[str] = "offer.made"
    version: ClassVar[int] = 2


@dataclass(frozen=True, slots=True)
class OfferUpdated(OfferEvent):
    """Countered, declined, withdrawn or expired."""

    topic: ClassVar[str] = "offer.updated"
    version: ClassVar[int] = 2


@dataclass(frozen=True, slots=True)
class OfferAccepted(OfferEvent):
    topic: ClassVar[str] = "offer.accepted"
    version: ClassVar[int] = 2


@dataclass(frozen=True, slots=True)
class MessageSent(DomainEvent):
    """A message in a conversation between ``members`` (buyer, seller); ``offer`` is the
    offer it is about, as it stands after the move that wrote it."""

    topic: ClassVar[str] = "message.sent"
    version: ClassVar[int] = 2

    message: Message
    members: tuple[UUID, UUID]
    offer: OfferSnapshot | None = None

    def others(self) -> list[UUID]:
        """The members other than the sender."""
        return [m for m in self.members if m != self.message.sender_id]


@dataclass(frozen=True, slots=True)
class ConversationRead(DomainEvent):
    """A member's read mark moved forward (``message_id``: up to that one message)."""

    topic: ClassVar[str] = "conversation.read"

    conversation_id: UUID
    reader_id: UUID
    other_id: UUID
    read_seq: int
    message_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class TransactionEvent(DomainEvent):
    transaction_id: UUID
    product_id: UUID
    offer_id: UUID | None
    status: TransactionStatus
    buyer_id: UUID
    seller_id: UUID

    @classmethod
    def of(cls, sale: Transaction) -> Self:
        return cls(sale.id, sale.product_id, sale.offer_id, sale.status, sale.buyer_id, sale.seller_id)


@dataclass(frozen=True, slots=True)
class TransactionOpened(TransactionEvent):
    topic: ClassVar[str] = "transaction.opened"


@dataclass(frozen=True, slots=True)
class TransactionUpdated(TransactionEvent):
    """Paid, completed or cancelled."""

    topic: ClassVar[str] = "transaction.updated"


@dataclass(frozen=True, slots=True)
class ProductReserved(DomainEvent):
    topic: ClassVar[str] = "product.reserved"

    product_id: UUID
    offer_id: UUID
