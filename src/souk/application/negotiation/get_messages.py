from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.negotiation.get_conversation import LATEST
from souk.application.negotiation.message_offers import offers_of
from souk.application.ports.conversation_repository import ConversationReader
from souk.application.ports.cursor_codec import CursorCodec
from souk.application.ports.offer_repository import OfferReader
from souk.application.shared.paging import page_of
from souk.domain.negotiation.conversation import Conversation, Message
from souk.domain.negotiation.errors import ConversationNotFound
from souk.domain.negotiation.offer import Offer
from souk.domain.shared.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class MessagesQuery:
    before: UUID | None = None
    after_seq: int | None = None
    cursor: str | None = None
    limit: int = LATEST


@dataclass(frozen=True, slots=True)
class MessageHistory:
    conversation: Conversation
    items: list[Message]
    next_cursor: str | None
    offers: dict[UUID, Offer]


class GetMessages:
    """Newest first below ``before`` (or the cursor); with ``after_seq``, oldest first from
    there — a reconnecting client pages forward until ``next_cursor`` is null."""

    def __init__(self, conversations: ConversationReader, offers: OfferReader, codec: CursorCodec) -> None:
        self._conversations = conversations
        self._offers = offers
        self._codec = codec

    async def __call__(self, me: UUID, conversation_id: UUID, query: MessagesQuery) -> MessageHistory:
        conversation = await self._conversations.get(conversation_id)
        if conversation is None:
            raise ConversationNotFound()
        conversation.require_member(me)
        if query.after_seq is not None and query.after_seq < 0:
            raise InvalidInput("after_seq is 0 or more.", field="after_seq")
        start: int | None = None
        if query.before is not None:
            anchor = await self._conversations.message(query.before)
            if anchor is None or anchor.conversation_id != conversation.id:
                raise InvalidInput("before is the id of a message of this conversation.", field="before")
            start = anchor.seq
        forward = query.after_seq is not None
        scope = f"messages:{conversation.id}:{'up' if forward else 'down'}"

        async def fetch(after: tuple[str | int | float, ...] | None, n: int) -> list[Message]:
            seq = int(after[0]) if after else None
            if forward:
                return await self._conversations.messages(
                    conversation.id, before_seq=None, after_seq=seq if seq is not None else query.after_seq, limit=n
                )
            return await self._conversations.messages(
                conversation.id, before_seq=seq if seq is not None else start, after_seq=None, limit=n
            )

        page = await page_of(self._codec, scope, query.cursor, query.limit, fetch, lambda m: (m.seq,))
        return MessageHistory(conversation, page.items, page.next_cursor, await offers_of(page.items, self._offers))
