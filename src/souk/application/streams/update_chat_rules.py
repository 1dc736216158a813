from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.chat_moderation_repository import ChatModerationRepository
from souk.application.ports.stream_repository import StreamReader
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.shared.seller_words import SellerWords
from souk.application.streams.room_snapshots import RoomSnapshots
from souk.domain.shared.banned_words import banned_words
from souk.domain.streams.errors import StreamNotFound
from souk.domain.streams.moderation import slow_mode


@dataclass(frozen=True, slots=True)
class ChatRules:
    slow_mode_s: int
    banned_words: tuple[str, ...]  # the seller's own list (the global one comes on top)


class UpdateChatRules:
    """Slow mode for this stream and the seller's banned words (for all their streams,
    listings, comments on their things and messages to them). ``None`` leaves a rule as
    it is. The seller or a moderator of the stream; every process drops its copy of the
    room at once, so the next line already follows the new rules (messages and comments:
    when the bus brings the change to the others, within ``seller_words.TTL`` if it is lost)."""

    def __init__(
        self,
        uow: UnitOfWork,
        streams: StreamReader,
        moderation: ChatModerationRepository,
        clock: Clock,
        snapshots: RoomSnapshots,
        seller_words: SellerWords,
    ) -> None:
        self._seller_words = seller_words
        self._uow = uow
        self._streams = streams
        self._moderation = moderation
        self._clock = clock
        self._snapshots = snapshots

    async def __call__(
        self, stream_id: UUID, by: UUID, slow_mode_s: object | None, words: Sequence[object] | None
    ) -> ChatRules:
        stream = await self._streams.get(stream_id)
        if stream is None:
            raise StreamNotFound()
        current = await self._moderation.load(stream.id, stream.seller_id, self._clock.now())
        current.require_moderator(by)
        stream.require_open()
        slow = current.slow_mode_s if slow_mode_s is None else slow_mode(slow_mode_s)
        listed = current.seller_words if words is None else banned_words(words)
        if slow_mode_s is not None:
            await self._moderation.set_slow_mode(stream.id, slow)
        if words is not None:
            await self._moderation.set_banned_words(stream.seller_id, listed)
        await self._uow.commit()
        if words is not None:
            await self._seller_words.changed(stream.seller_id)
        await self._snapshots.changed(stream.id)
        return ChatRules(slow, listed)
