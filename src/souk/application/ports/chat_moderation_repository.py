from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.application.ports.banned_words_lists import BannedWordsLists
from souk.domain.streams.moderation import ChatModeration


class ChatModerationReader(BannedWordsLists, Protocol):
    async def load(self, stream_id: UUID, seller_id: UUID, now: datetime) -> ChatModeration:
        """A room's moderation: its moderators and slow mode, the seller's banned words,
        and who is kept out of the seller's rooms at ``now`` (expired time-outs left out)."""
        ...


class ChatModerationRepository(ChatModerationReader, Protocol):
    async def add_moderator(self, stream_id: UUID, user_id: UUID, at: datetime) -> None:
        """Idempotent; raises ``ModeratorNotFound`` when there is no such user."""
        ...

    async def set_slow_mode(self, stream_id: UUID, seconds: int) -> None: ...

    async def set_banned_words(self, seller_id: UUID, words: tuple[str, ...]) -> None: ...

    async def remove_viewer(self, seller_id: UUID, user_id: UUID, until: datetime | None, at: datetime) -> None:
        """Keep ``user_id`` out of the seller's rooms until ``until`` (None: for good). A
        ban is never shortened by a later time-out."""
        ...
