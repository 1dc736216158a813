from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol
from uuid import UUID

from souk.application.ports.outbox import OutboxEntry
from souk.application.shared.cursors import SortKey
from souk.domain.negotiation.conversation import Conversation, Message
from souk.domain.negotiation.events import MessageSent


@dataclass(frozen=True, slots=True)
class ConversationSummary:
    conversation: Conversation
    unread_count: int
    last_message: Message | None
    key: SortKey


class ConversationReader(Protocol):
    """Queries that need no transaction (served by the read engine in SQL deployments)."""

    async def get(self, conversation_id: UUID) -> Conversation | None: ...

    async def members(self, conversation_id: UUID) -> tuple[UUID, UUID] | None:
        """``(buyer, seller)``, None when there is no such conversation. Members never
        change and conversations are never deleted, so an answer may be kept for good
        (the SQL adapter keeps it per process: a chat message then reads nothing)."""
        ...

    async def message(self, message_id: UUID) -> Message | None: ...

    async def messages(
        self, conversation_id: UUID, *, before_seq: int | None, after_seq: int | None, limit: int
    ) -> list[Message]:
        """``after_seq``: oldest first from there (recovery); otherwise newest first below ``before_seq``."""
        ...

    async def of_user(
        self, user_id: UUID, filter_: str, after: SortKey | None, limit: int
    ) -> Sequence[ConversationSummary]:
        """Newest activity first; ``filter_`` is all (not archived), unread or archived."""
        ...

    async def partners_of(self, user_id: UUID, limit: int) -> list[UUID]:
        """The people the user has conversations with, most recent activity first, each once."""
        ...


class ConversationRepository(ConversationReader, Protocol):
    async def find(self, user_a: UUID, user_b: UUID, product_id: UUID | None) -> Conversation | None:
        """The conversation of these two people about this product (either as buyer)."""
        ...

    async def add_if_absent(self, conversation: Conversation) -> Conversation:
        """Insert unless (buyer, seller, product) exists; either way the stored one."""
        ...

    async def save_state(self, conversation: Conversation) -> None:
        """Write the per-side state (read marks, archived flags); never ``last_seq``."""
        ...

    async def append_message(self, message: Message) -> int:
        """Store ``message`` as its conversation's next one and return the sequence number it
        got (``message.seq`` is ignored): the number is taken atomically (the row stays locked
        until the end of the transaction, so concurrent senders queue and no number is
        skipped), ``last_message_at`` becomes the message's time and both sides un-archive."""
        ...

    async def append_sent(self, message: Message, sent: OutboxEntry, apart: tuple[UUID, UUID]) -> int | None:
        """``append_message``, and ``sent`` (the outbox entry of the :class:`MessageSent` that
        announces ``message``, its seq a placeholder) stored with it, with the number taken:
        both or neither. Neither, and None, when the two users of ``apart`` (sender, other)
        are in a block, either way: the block rule's check made with the write. The caller's
        last write in its unit of work: the store may commit the two at once (PostgreSQL, no
        transaction open yet: one statement, its own transaction — one round trip where the
        block read, BEGIN, the message, the outbox row and COMMIT were five)."""
        ...


def numbered(sent: OutboxEntry, seq: int) -> OutboxEntry:
    """``sent`` (a :class:`MessageSent` entry) with its message's sequence number."""
    event = sent.event
    assert isinstance(event, MessageSent)
    return replace(sent, event=replace(event, message=replace(event.message, seq=seq)))
