"""The one gate every user-written text passes on its way in (live chat, comments,
listings, messages): the global banned-words list plus the list of the seller whose room,
thing or conversation it is, refused or masked as configured. The rule itself is the
domain's ``WordFilter``; live chat applies it from the room's snapshot (no read per line),
everything else through ``BannedWords.clean``."""

from __future__ import annotations

from uuid import UUID

from souk.application.ports.banned_words_lists import BannedWordsLists
from souk.application.shared.seller_words import SellerWords
from souk.domain.shared.banned_words import WordFilter


class BannedWords:
    def __init__(self, base: WordFilter, lists: BannedWordsLists, kept: SellerWords) -> None:
        self._base = base
        self._lists = lists
        self._kept = kept

    async def clean(self, text: str, seller_id: UUID, field: str) -> str:
        """``text`` as it may be stored: unchanged or masked; raises ``BannedWordsUsed``."""
        if not text:
            return text
        return self._base.joined(await self._kept.of(seller_id, self._lists)).apply(text, field)

    async def clean_optional(self, text: str | None, seller_id: UUID, field: str) -> str | None:
        return None if text is None else await self.clean(text, seller_id, field)
