"""In-memory twins of the negotiation ports: the same rules as the SQL tables, unique
indexes included (checked on write, as a database would)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TypeVar
from uuid import UUID

from souk.adapters.memory.blocks import InMemoryBlocks
from souk.adapters.memory.outbox import InMemoryOutbox
from souk.adapters.memory.product_repository import InMemoryProductRepository
from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.adapters.memory.user_repository import InMemoryUserRepository
from souk.application.ports.acceptances import Acceptance, Acceptances
from souk.application.ports.conversation_repository import ConversationRepository, ConversationSummary, numbered
from souk.application.ports.idempotency_store import IdempotencyRecord, IdempotencyStore
from souk.application.ports.offer_repository import OfferRepository
from souk.application.ports.outbox import OutboxEntry
from souk.application.ports.product_reservations import ProductReservations
from souk.application.ports.transaction_repository import TransactionRepository
from souk.application.shared.cursors import SortKey
from souk.domain.catalog.product import Product, ProductStatus
from souk.domain.negotiation.conversation import Conversation, Message
from souk.domain.negotiation.errors import OpenOfferExists, ProductNotAvailable
from souk.domain.negotiation.offer import Offer
from souk.domain.negotiation.transaction import Transaction

KEEP = timedelta(hours=24)


T = TypeVar("T")


def _newest_first(items: list[tuple[SortKey, T]], after: SortKey | None, limit: int) -> list[T]:
    ordered = sorted(items, key=lambda pair: pair[0], reverse=True)
    return [item for key, item in ordered if after is None or key < after][:limit]


def _key(at: datetime, ident: UUID) -> SortKey:
    return (at.isoformat(), str(ident))


class InMemoryOfferRepository(OfferRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[UUID, Offer] = uow.store.table("offers")

    async def add(self, offer: Offer) -> None:
        if any(
            o.is_open and o.buyer_id == offer.buyer_id and o.product_id == offer.product_id for o in self._rows.values()
        ):
            raise OpenOfferExists()
        self._uow.before_write()
        self._rows[offer.id] = clone(offer)

    async def get(self, offer_id: UUID) -> Offer | None:
        offer = self._rows.get(offer_id)
        return clone(offer) if offer else None

    async def get_for_update(self, offer_id: UUID) -> Offer | None:
        return await self.get(offer_id)

    async def save(self, offer: Offer) -> None:
        self._uow.before_write()
        self._rows[offer.id] = clone(offer)

    async def open_on_product(self, product_id: UUID) -> Sequence[Offer]:
        return [
            clone(o)
            for o in sorted(self._rows.values(), key=lambda o: o.id)
            if o.is_open and o.product_id == product_id
        ]

    async def overdue(self, now: datetime, limit: int) -> Sequence[UUID]:
        due = sorted((o for o in self._rows.values() if o.is_open and o.expires_at <= now), key=lambda o: o.expires_at)
        return [o.id for o in due[:limit]]

    async def of_user(
        self, user_id: UUID, role: str | None, status: str | None, after: SortKey | None, limit: int
    ) -> list[Offer]:
        def mine(o: Offer) -> bool:
            as_role = {"buyer": o.buyer_id == user_id, "seller": o.seller_id == user_id}
            party = as_role[role] if role else user_id in (o.buyer_id, o.seller_id)
            return party and (status is None or o.status.value == status)

        return self._page([o for o in self._rows.values() if mine(o)], after, limit)

    async def of_product(self, product_id: UUID, after: SortKey | None, limit: int) -> list[Offer]:
        return self._page([o for o in self._rows.values() if o.product_id == product_id], after, limit)

    async def recent_on_product(self, product_id: UUID, limit: int) -> Sequence[Offer]:
        return await self.of_product(product_id, None, limit)

    def _page(self, offers: list[Offer], after: SortKey | None, limit: int) -> list[Offer]:
        return [clone(o) for o in _newest_first([(_key(o.created_at, o.id), o) for o in offers], after, limit)]


class InMemoryTransactionRepository(TransactionRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[UUID, Transaction] = uow.store.table("transactions")

    async def add(self, transaction: Transaction) -> None:
        if any(t.is_open and not t.from_room and t.product_id == transaction.product_id for t in self._rows.values()):
            raise ProductNotAvailable()
        self._uow.before_write()
        self._rows[transaction.id] = clone(transaction)

    async def get(self, transaction_id: UUID) -> Transaction | None:
        found = self._rows.get(transaction_id)
        return clone(found) if found else None

    async def get_for_update(self, transaction_id: UUID) -> Transaction | None:
        return await self.get(transaction_id)

    async def save(self, transaction: Transaction) -> None:
        self._uow.before_write()
        self._rows[transaction.id] = clone(transaction)

    async def of_user(self, user_id: UUID, after: SortKey | None, limit: int) -> list[Transaction]:
        mine = [(_key(t.created_at, t.id), t) for t in self._rows.values() if user_id in (t.buyer_id, t.seller_id)]
        return [clone(t) for t in _newest_first(mine, after, limit)]


class InMemoryProductReservations(ProductReservations):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._products: dict[UUID, Product] = uow.store.table("products")

    async def reserve(self, product: Product) -> bool:
        stored = self._products.get(product.id)
        if stored is None or stored.status is not ProductStatus.AVAILABLE:
            return False
        self._uow.before_write()
        stored.status, stored.accepted_offer_id, stored.updated_at = (
            product.status,
            product.accepted_offer_id,
            product.updated_at,
        )
        return True


class InMemoryIdempotencyStore(IdempotencyStore):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[tuple[UUID, str], tuple[IdempotencyRecord, datetime]] = uow.store.table("idempotency_keys")

    async def claim(self, user_id: UUID, key: str, fingerprint: str, now: datetime) -> IdempotencyRecord | None:
        found = self._rows.get((user_id, key))
        if found is not None and found[1] >= now - KEEP:
            return found[0]
        self._uow.before_write()
        self._rows[(user_id, key)] = (IdempotencyRecord(fingerprint, {}), now)
        return None

    async def complete(self, user_id: UUID, key: str, result: dict[str, str]) -> None:
        self._uow.before_write()
        record, at = self._rows[(user_id, key)]
        self._rows[(user_id, key)] = (replace(record, result=dict(result)), at)


class InMemoryConversationRepository(ConversationRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[UUID, Conversation] = uow.store.table("conversations")
        self._messages: dict[UUID, Message] = uow.store.table("messages")

    async def get(self, conversation_id: UUID) -> Conversation | None:
        found = self._rows.get(conversation_id)
        return clone(found) if found else None

    async def members(self, conversation_id: UUID) -> tuple[UUID, UUID] | None:
        found = self._rows.get(conversation_id)
        return (found.buyer_id, found.seller_id) if found else None

    async def find(self, user_a: UUID, user_b: UUID, product_id: UUID | None) -> Conversation | None:
        matches = sorted(
            (
                x
                for x in self._rows.values()
                if {x.buyer_id, x.seller_id} == {user_a, user_b} and x.product_id == product_id
            ),
            key=lambda x: x.created_at,
        )
        return clone(matches[0]) if matches else None

    async def add_if_absent(self, conversation: Conversation) -> Conversation:
        for x in self._rows.values():
            if _same_slot(x, conversation):
                return clone(x)
        self._uow.before_write()
        self._rows[conversation.id] = clone(conversation)
        return clone(conversation)

    async def save_state(self, conversation: Conversation) -> None:
        self._uow.before_write()
        stored = self._rows[conversation.id]
        fresh = clone(conversation)
        fresh.last_seq, fresh.last_message_at = stored.last_seq, stored.last_message_at
        self._rows[conversation.id] = fresh

    async def append_message(self, message: Message) -> int:
        self._uow.before_write()
        stored = self._rows[message.conversation_id]
        stored.last_seq += 1
        stored.last_message_at = message.created_at
        stored.buyer_archived = stored.seller_archived = False
        self._messages[message.id] = replace(message, seq=stored.last_seq)
        return stored.last_seq

    async def append_sent(self, message: Message, sent: OutboxEntry, apart: tuple[UUID, UUID]) -> int | None:
        if await InMemoryBlocks(self._uow).either_way(*apart):
            return None
        seq = await self.append_message(message)
        await InMemoryOutbox(self._uow).add(numbered(sent, seq))
        return seq

    async def message(self, message_id: UUID) -> Message | None:
        return self._messages.get(message_id)

    async def messages(
        self, conversation_id: UUID, *, before_seq: int | None, after_seq: int | None, limit: int
    ) -> list[Message]:
        mine = [x for x in self._messages.values() if x.conversation_id == conversation_id]
        if after_seq is not None:
            return sorted((x for x in mine if x.seq > after_seq), key=lambda x: x.seq)[:limit]
        below = (x for x in mine if before_seq is None or x.seq < before_seq)
        return sorted(below, key=lambda x: x.seq, reverse=True)[:limit]

    async def partners_of(self, user_id: UUID, limit: int) -> list[UUID]:
        mine = sorted(
            (x for x in self._rows.values() if user_id in (x.buyer_id, x.seller_id)),
            key=lambda x: x.last_message_at,
            reverse=True,
        )
        return list(dict.fromkeys(x.other(user_id) for x in mine))[:limit]

    async def of_user(
        self, user_id: UUID, filter_: str, after: SortKey | None, limit: int
    ) -> Sequence[ConversationSummary]:
        summaries: list[tuple[SortKey, ConversationSummary]] = []
        for x in self._rows.values():
            if user_id not in (x.buyer_id, x.seller_id) or x.archived_for(user_id) != (filter_ == "archived"):
                continue
            read = x.last_read_seq(user_id)
            unread = sum(
                1
                for msg in self._messages.values()
                if msg.conversation_id == x.id and msg.seq > read and msg.sender_id != user_id
            )
            if filter_ == "unread" and unread == 0:
                continue
            last = await self.messages(x.id, before_seq=None, after_seq=None, limit=1)
            key = _key(x.last_message_at, x.id)
            summaries.append((key, ConversationSummary(clone(x), unread, last[0] if last else None, key)))
        return _newest_first(summaries, after, limit)


def _same_slot(a: Conversation, b: Conversation) -> bool:
    """The SQL unique indexes: (buyer, seller, product), or the unordered pair when direct."""
    if a.product_id != b.product_id:
        return False
    if a.product_id is None:
        return {a.buyer_id, a.seller_id} == {b.buyer_id, b.seller_id}
    return (a.buyer_id, a.seller_id) == (b.buyer_id, b.seller_id)


class InMemoryAcceptances(Acceptances):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._offers = InMemoryOfferRepository(uow)
        self._products = InMemoryProductRepository(uow)
        self._users = InMemoryUserRepository(uow)

    async def lock(self, offer_id: UUID) -> Acceptance | None:
        offer = await self._offers.get(offer_id)
        if offer is None:
            return None
        product, seller = await self._products.get(offer.product_id), await self._users.get(offer.seller_id)
        if product is None or seller is None:
            return None
        return Acceptance(offer, product, seller.seller_tier)
