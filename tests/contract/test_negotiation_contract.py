"""Negotiation on every persistence technology: the in-memory twins keep the SQL rules."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from uuid import uuid4

import pytest

from souk.application.negotiation.accept_offer import AcceptOffer
from souk.application.negotiation.counter_offer import CounterOffer
from souk.application.negotiation.expire_offer import ExpireOffer
from souk.application.negotiation.expire_offers import ExpireOffers
from souk.application.negotiation.get_messages import GetMessages, MessagesQuery
from souk.application.negotiation.get_offer import GetOffer
from souk.application.negotiation.get_transaction import GetTransaction
from souk.application.negotiation.list_offers import ListOffers
from souk.application.negotiation.make_offer import MakeOffer, MakeOfferCommand
from souk.application.negotiation.recent_offers_feed import RecentOffersFeed
from souk.application.negotiation.send_message import SendMessage
from souk.application.negotiation.start_conversation import StartConversation
from souk.application.payments.cancel_sale import CancelSale
from souk.application.ports.conversation_repository import ConversationReader, ConversationRepository
from souk.application.ports.idempotency_store import IdempotencyStore
from souk.application.ports.outbox import LEASE, OutboxEntry, OutboxStore
from souk.application.ports.transaction_repository import TransactionRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.safety.block_user import BlockUser
from souk.domain.catalog.errors import ProductNotFound
from souk.domain.negotiation.conversation import Conversation, Message, MessageDraft, MessageType
from souk.domain.negotiation.errors import (
    ConversationNotFound,
    InvalidOfferPrice,
    OpenOfferExists,
    ProductNotAvailable,
)
from souk.domain.negotiation.events import MessageSent
from souk.domain.negotiation.offer import OfferStatus
from souk.domain.negotiation.transaction import TransactionStatus
from souk.domain.payments.status import PaymentStatus
from souk.domain.shared.errors import IdempotencyKeyReused
from souk.domain.shared.money import Money
from tests.negotiation_support import Negotiation, negotiation_container

BACKENDS = ["memory", "sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])]


@pytest.fixture(params=BACKENDS)
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Negotiation]:
    settings = None if request.param == "memory" else request.getfixturevalue(f"{request.param}_settings")
    built = negotiation_container(request.param, settings, tmp_path)
    yield built
    await built.container.close()


def eur(amount: int) -> Money:
    return Money(amount, "EUR")


async def test_accept_declines_the_others_and_opens_one_sale(world: Negotiation) -> None:
    seller, a, b = await world.user(), await world.user(), await world.user()
    product = await world.product(seller)
    first = await world.run(MakeOffer, MakeOfferCommand(a, product, eur(6000)))
    second = await world.run(MakeOffer, MakeOfferCommand(b, product, eur(7000)))
    with pytest.raises(OpenOfferExists):
        await world.run(MakeOffer, MakeOfferCommand(a, product, eur(6500)))
    accepted = await world.run(AcceptOffer, first.id, seller)
    assert accepted.offer.status is OfferStatus.ACCEPTED
    assert accepted.transaction.platform_fee == eur(900)  # free seller, discover: 15 %
    loser = await world.run(GetOffer, second.id, b)
    assert loser.status is OfferStatus.DECLINED
    with pytest.raises(ProductNotAvailable):
        await world.run(MakeOffer, MakeOfferCommand(await world.user(), product, eur(100)))
    page = await world.run(GetMessages, b, loser.conversation_id, MessagesQuery())
    assert [m.message_type.value for m in page.items] == ["system", "offer"]
    assert [m.seq for m in page.items] == [2, 1]

    cancelled = await world.run(CancelSale, accepted.transaction.id, a)
    assert cancelled.status is PaymentStatus.CANCELLED
    again = await world.run(MakeOffer, MakeOfferCommand(b, product, eur(7500)))
    assert again.status is OfferStatus.PENDING


async def test_the_store_refuses_a_second_open_sale_per_product(world: Negotiation) -> None:
    seller, buyer = await world.user(), await world.user()
    product = await world.product(seller)
    offer = await world.run(MakeOffer, MakeOfferCommand(buyer, product, eur(5000)))
    sale = (await world.run(AcceptOffer, offer.id, seller)).transaction
    async with world.container() as request:
        repo = await request.get(TransactionRepository)
        twin = type(sale)(**{**{f: getattr(sale, f) for f in sale.__slots__}, "id": uuid4()})  # type: ignore[attr-defined]
        with pytest.raises(ProductNotAvailable):
            await repo.add(twin)
        assert (await repo.get(sale.id)) is not None  # the transaction is still usable
        await (await request.get(UnitOfWork)).rollback()
    assert (await world.run(GetTransaction, sale.id, buyer)).status is TransactionStatus.PENDING


async def test_a_failed_offer_leaves_nothing(world: Negotiation) -> None:
    seller, buyer = await world.user(), await world.user()
    product = await world.product(seller)
    with pytest.raises(InvalidOfferPrice):
        await world.run(MakeOffer, MakeOfferCommand(buyer, product, eur(10_000), idempotency_key="k"))
    with pytest.raises(ProductNotFound):
        await world.run(MakeOffer, MakeOfferCommand(buyer, uuid4(), eur(10)))
    page = await world.run(ListOffers, buyer, None, None, None, 20)
    assert page.items == []
    made = await world.run(MakeOffer, MakeOfferCommand(buyer, product, eur(9000), idempotency_key="k"))
    assert made.price == eur(9000)  # the failed attempt did not keep the key


async def test_idempotency_keys(world: Negotiation) -> None:
    seller, buyer = await world.user(), await world.user()
    product = await world.product(seller)
    command = MakeOfferCommand(buyer, product, eur(4000), idempotency_key="retry-1")
    first = await world.run(MakeOffer, command)
    assert (await world.run(MakeOffer, command)).id == first.id
    with pytest.raises(IdempotencyKeyReused):
        await world.run(MakeOffer, MakeOfferCommand(buyer, product, eur(4100), idempotency_key="retry-1"))
    countered = await world.run(CounterOffer, first.id, seller, eur(8000), "c-1")
    assert countered.price == eur(8000)
    assert (await world.run(CounterOffer, first.id, seller, eur(8000), "c-1")).price == eur(8000)
    async with world.container() as request:
        store = await request.get(IdempotencyStore)
        record = await store.claim(buyer, "retry-1", "other", world.clock.now())
        assert record is not None
        assert record.result == {"offer_id": str(first.id)}
        assert await store.claim(buyer, "retry-1", "other", world.clock.now() + timedelta(hours=25)) is None


async def test_seq_has_no_gaps_and_recovery_reads_forward(world: Negotiation) -> None:
    seller, buyer = await world.user(), await world.user()
    product = await world.product(seller)
    offer = await world.run(MakeOffer, MakeOfferCommand(buyer, product, eur(4000), message="Still there?"))
    for i in range(5):
        sender = seller if i % 2 else buyer
        await world.run(SendMessage, sender, offer.conversation_id, MessageDraft.from_user("text", f"m{i}", ()))
    page = await world.run(GetMessages, seller, offer.conversation_id, MessagesQuery(after_seq=2, limit=3))
    assert [m.seq for m in page.items] == [3, 4, 5]
    rest = await world.run(
        GetMessages, seller, offer.conversation_id, MessagesQuery(after_seq=2, cursor=page.next_cursor, limit=3)
    )
    assert [m.seq for m in rest.items] == [6, 7]
    assert rest.next_cursor is None


async def test_a_message_that_opens_its_transaction_goes_with_it(world: Negotiation) -> None:
    """A chat message is its transaction's first statement (members are known without a
    read): rolled back, it leaves neither the message nor a used sequence number."""
    buyer, seller = await world.user(), await world.user()
    started = await world.run(StartConversation, buyer, seller, None, None)
    conversation_id = started.conversation.id

    def message(content: str) -> Message:
        now = world.clock.now()
        return Message(uuid4(), conversation_id, 0, buyer, MessageType.TEXT, content, ("https://x/1.jpg",), None, now)

    async with world.container() as request:
        uow, conversations = await request.get(UnitOfWork), await request.get(ConversationRepository)
        assert await conversations.append_message(message("dropped")) == 1
        await uow.rollback()
    async with world.container() as request:
        uow, conversations = await request.get(UnitOfWork), await request.get(ConversationRepository)
        assert await conversations.append_message(message("kept")) == 1
        await uow.commit()
    page = await world.run(GetMessages, seller, conversation_id, MessagesQuery())
    assert [(m.seq, m.content, m.image_urls) for m in page.items] == [(1, "kept", ("https://x/1.jpg",))]


async def test_a_sent_message_is_stored_with_its_outbox_entry_and_number(world: Negotiation) -> None:
    """``append_sent``: the message and the entry announcing it, with the number taken (on
    PostgreSQL one statement, committed by the store itself), in sequence with the others."""
    buyer, seller = await world.user(), await world.user()
    started = await world.run(StartConversation, buyer, seller, None, None)
    conversation_id = started.conversation.id
    await world.run(SendMessage, buyer, conversation_id, MessageDraft.from_user("text", "first", ()))
    now = world.clock.now()
    message = Message(uuid4(), conversation_id, 0, seller, MessageType.TEXT, "second", (), None, now)
    sent = OutboxEntry(uuid4(), MessageSent(message, (buyer, seller)), now)
    async with world.container() as request:
        uow, conversations = await request.get(UnitOfWork), await request.get(ConversationRepository)
        assert await conversations.append_sent(message, sent, apart=(seller, buyer)) == 2
        await uow.commit()
    page = await world.run(GetMessages, buyer, conversation_id, MessagesQuery())
    assert [(m.seq, m.content) for m in page.items] == [(2, "second"), (1, "first")]
    later = now + timedelta(minutes=1)
    entries = {e.id: e for e in await (await world.get(OutboxStore)).claim_unpublished(later, later, 1000)}
    stored = entries[sent.id].event
    assert isinstance(stored, MessageSent)
    assert stored.message == replace(message, seq=2)
    assert stored.members == (buyer, seller)

    await world.run(BlockUser, buyer, seller)
    refused = Message(uuid4(), conversation_id, 0, seller, MessageType.TEXT, "third", (), None, now)
    async with world.container() as request:
        uow, conversations = await request.get(UnitOfWork), await request.get(ConversationRepository)
        refused_sent = OutboxEntry(uuid4(), MessageSent(refused, (buyer, seller)), now)
        assert await conversations.append_sent(refused, refused_sent, apart=(seller, buyer)) is None
        await uow.commit()
    assert [m.seq for m in (await world.run(GetMessages, buyer, conversation_id, MessagesQuery())).items] == [2, 1]
    after_leases = later + LEASE + timedelta(minutes=1)
    left = await (await world.get(OutboxStore)).claim_unpublished(after_leases, after_leases, 1000)
    assert sent.id in {e.id for e in left}
    assert refused_sent.id not in {e.id for e in left}


async def test_expiry_job_and_sweep_are_idempotent(world: Negotiation) -> None:
    seller, a, b = await world.user(), await world.user(), await world.user()
    product = await world.product(seller)
    early = await world.run(MakeOffer, MakeOfferCommand(a, product, eur(4000)))
    world.clock.advance(timedelta(hours=12))
    late = await world.run(MakeOffer, MakeOfferCommand(b, product, eur(4500)))
    world.clock.advance(timedelta(hours=12))
    assert await world.run(ExpireOffer, late.id) is False  # not overdue yet
    assert await world.run(ExpireOffer, early.id) is True
    assert await world.run(ExpireOffer, early.id) is False  # a second worker finds nothing to do
    world.clock.advance(timedelta(hours=13))
    assert await world.run(ExpireOffers) >= 1
    assert (await world.run(GetOffer, late.id, b)).status is OfferStatus.EXPIRED
    assert (await world.run(GetOffer, early.id, a)).history[-1].action.value == "expire"
    feed = await world.run(RecentOffersFeed, product)
    assert [item.price for item in feed] == [eur(4500), eur(4000)]
    assert feed[0].buyer_alias != feed[1].buyer_alias
    assert feed[0].buyer_alias == (await world.run(RecentOffersFeed, product))[0].buyer_alias


async def test_partners_are_listed_once_most_recent_first(world: Negotiation) -> None:
    me, a, b = await world.user(), await world.user(), await world.user()
    product_of_a = await world.product(a)
    await world.run(StartConversation, me, b, None, None)
    world.clock.advance(timedelta(minutes=1))
    await world.run(StartConversation, me, a, None, None)
    world.clock.advance(timedelta(minutes=1))
    await world.run(MakeOffer, MakeOfferCommand(me, product_of_a, eur(4000)))  # a second conversation with a
    async with world.container() as request:
        reader = await request.get(ConversationReader)
        assert await reader.partners_of(me, 10) == [a, b]
        assert await reader.partners_of(me, 1) == [a]
        assert await reader.partners_of(b, 10) == [me]
        assert await reader.partners_of(uuid4(), 10) == []


async def test_one_direct_conversation_per_pair_whoever_opens_it(world: Negotiation) -> None:
    """A→B and B→A opened at the same moment: the store keeps one (unique on the unordered
    pair), not only the find-before-insert that both racers pass."""
    a, b = await world.user(), await world.user()
    now = world.clock.now()
    async with world.container() as request:
        repo = await request.get(ConversationRepository)
        first = await repo.add_if_absent(Conversation(uuid4(), a, b, None, created_at=now, last_message_at=now))
        second = await repo.add_if_absent(Conversation(uuid4(), b, a, None, created_at=now, last_message_at=now))
        assert second.id == first.id
        for user in (a, b):
            assert [s.conversation.id for s in await repo.of_user(user, "all", None, 10)] == [first.id]
        await (await request.get(UnitOfWork)).commit()


async def test_members_of_a_conversation_and_of_none(world: Negotiation) -> None:
    buyer, seller = await world.user(), await world.user()
    started = await world.run(StartConversation, buyer, seller, None, None)
    async with world.container() as request:
        reader = await request.get(ConversationReader)
        assert await reader.members(started.conversation.id) == (buyer, seller)
        assert await reader.members(started.conversation.id) == (buyer, seller)  # kept, as read
        assert await reader.members(uuid4()) is None
    stranger = await world.user()
    with pytest.raises(ConversationNotFound):
        await world.run(SendMessage, stranger, started.conversation.id, MessageDraft(MessageType.TEXT, "hi"))
    with pytest.raises(ConversationNotFound):
        await world.run(SendMessage, buyer, uuid4(), MessageDraft(MessageType.TEXT, "hi"))
