from __future__ import annotations

from datetime import datetime
from uuid import UUID

from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.chat_moderation_repository import ChatModerationRepository
from souk.domain.streams.errors import ModeratorNotFound
from souk.domain.streams.moderation import ChatModeration


class InMemoryChatModerationRepository(ChatModerationRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._users = uow.store.table("users")
        self._moderators: dict[tuple[UUID, UUID], datetime] = uow.store.table("stream_moderators")
        self._slow: dict[UUID, int] = uow.store.table("stream_chat_rules")
        self._words: dict[UUID, tuple[str, ...]] = uow.store.table("seller_banned_words")
        self._removed: dict[tuple[UUID, UUID], datetime | None] = uow.store.table("seller_removed_viewers")

    async def load(self, stream_id: UUID, seller_id: UUID, now: datetime) -> ChatModeration:
        return ChatModeration(
            seller_id,
            frozenset(user for (stream, user) in self._moderators if stream == stream_id),
            self._slow.get(stream_id, 0),
            await self.banned_words_of(seller_id),
            {
                user: until
                for (seller, user), until in self._removed.items()
                if seller == seller_id and (until is None or until > now)
            },
        )

    async def banned_words_of(self, seller_id: UUID) -> tuple[str, ...]:
        return self._words.get(seller_id, ())

    async def add_moderator(self, stream_id: UUID, user_id: UUID, at: datetime) -> None:
        if user_id not in self._users:
            raise ModeratorNotFound(field="user_id")
        self._uow.before_write()
        self._moderators.setdefault((stream_id, user_id), at)

    async def set_slow_mode(self, stream_id: UUID, seconds: int) -> None:
        self._uow.before_write()
        self._slow[stream_id] = seconds

    async def set_banned_words(self, seller_id: UUID, words: tuple[str, ...]) -> None:
        self._uow.before_write()
        self._words[seller_id] = words

    async def remove_viewer(self, seller_id: UUID, user_id: UUID, until: datetime | None, at: datetime) -> None:
        key = (seller_id, user_id)
        if key in self._removed and self._removed[key] is None:
            return
        self._uow.before_write()
        self._removed[key] = until
