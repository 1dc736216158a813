"""Writing into conversations: shared by message sending and every offer move."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.conversation_repository import ConversationRepository, numbered
from souk.application.shared.ids import Ids
from souk.application.shared.visibility import Visibility
from souk.domain.negotiation.conversation import Conversation, Message, MessageDraft
from souk.domain.negotiation.errors import ConversationNotFound
from souk.domain.negotiation.events import MessageSent, OfferSnapshot
from souk.domain.negotiation.offer import Offer
from souk.domain.safety.errors import Blocked


class Chat:
    def __init__(
        self, conversations: ConversationRepository, events: EventRecorder, ids: Ids, visibility: Visibility
    ) -> None:
        self._ids = ids
        self._conversations = conversations
        self._visibility = visibility
        self._events = events

    async def between(self, buyer_id: UUID, seller_id: UUID, product_id: UUID | None, now: datetime) -> Conversation:
        """The buyer-seller conversation about the product, created if missing."""
        existing = await self._conversations.find(buyer_id, seller_id, product_id)
        if existing is not None:
            return existing
        fresh = Conversation(self._ids.new(), buyer_id, seller_id, product_id, created_at=now, last_message_at=now)
        return await self._conversations.add_if_absent(fresh)

    async def ensure_apart(self, me: UUID, other_id: UUID) -> None:
        await self._visibility.ensure_apart(me, other_id)

    async def member_of(self, conversation_id: UUID, user_id: UUID) -> Conversation:
        conversation = await self._conversations.get(conversation_id)
        if conversation is None:
            raise ConversationNotFound()
        conversation.require_member(user_id)
        return conversation

    async def members_of(self, conversation_id: UUID, user_id: UUID) -> tuple[UUID, UUID]:
        """``(buyer, seller)`` of a conversation ``user_id`` is in (anyone else: not found)."""
        members = await self._conversations.members(conversation_id)
        if members is None or user_id not in members:
            raise ConversationNotFound()
        return members

    async def post(
        self,
        conversation: Conversation,
        sender_id: UUID | None,
        draft: MessageDraft,
        now: datetime,
        offer: Offer | None = None,
    ) -> Message:
        """``offer``: the offer the message is about, as it stands after the move."""
        members = (conversation.buyer_id, conversation.seller_id)
        message = await self.post_to(conversation.id, members, sender_id, draft, now, offer)
        conversation.last_seq, conversation.last_message_at = message.seq, now
        return message

    async def post_to(
        self,
        conversation_id: UUID,
        members: tuple[UUID, UUID],
        sender_id: UUID | None,
        draft: MessageDraft,
        now: datetime,
        offer: Offer | None = None,
    ) -> Message:
        """Into a conversation known to join ``members`` (buyer, seller) — an offer's, say —
        without reading it first: the sequence number is taken with the write, atomically. A
        person's message (or offer move) to someone they blocked, or who blocked them, is
        refused: their conversations are read-only."""
        if sender_id is not None:
            await self._visibility.ensure_apart(sender_id, members[1] if sender_id == members[0] else members[0])
        message = self._message(conversation_id, sender_id, draft, now)
        message = replace(message, seq=await self._conversations.append_message(message))
        snapshot = OfferSnapshot.of(offer) if offer is not None else None
        await self._events.record(MessageSent(message, members, snapshot))
        return message

    async def send(
        self, conversation_id: UUID, members: tuple[UUID, UUID], sender_id: UUID, draft: MessageDraft, now: datetime
    ) -> Message:
        """``post_to`` as the unit of work's only write (a chat message): the message and its
        outbox entry go to the store together, which may commit them there and then."""
        message = self._message(conversation_id, sender_id, draft, now)
        sent = self._events.entry(MessageSent(message, members))
        other = members[1] if sender_id == members[0] else members[0]
        seq = await self._conversations.append_sent(message, sent, apart=(sender_id, other))
        if seq is None:  # the block rule (Visibility.ensure_apart's), checked by the store with the write
            raise Blocked()
        self._events.stored(numbered(sent, seq))
        return replace(message, seq=seq)

    def _message(self, conversation_id: UUID, sender_id: UUID | None, draft: MessageDraft, now: datetime) -> Message:
        """The message to store (its seq taken by the store with the write)."""
        return Message(
            id=self._ids.new(),
            conversation_id=conversation_id,
            seq=0,  # taken by the store with the write (one round trip on PostgreSQL)
            sender_id=sender_id,
            message_type=draft.message_type,
            content=draft.content,
            image_urls=draft.image_urls,
            offer_id=draft.offer_id,
            created_at=now,
        )
