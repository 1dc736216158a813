"""Wire shapes of live-chat moderation (API.md "Safety": streams)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec

from souk.application.streams.update_chat_rules import ChatRules
from souk.domain.shared.banned_words import MAX_WORD_LENGTH, MAX_WORDS
from souk.domain.streams.moderation import MAX_SLOW_MODE_S
from souk.entrypoints.http.schemas.common import Body

BannedWord = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_WORD_LENGTH)]


class ModeratorIn(Body):
    """The user to appoint as a moderator of the stream's chat."""

    user_id: UUID


class ChatRulesPatch(Body):
    """Every field optional; what is left out stays as it is."""

    slow_mode_s: Annotated[int, msgspec.Meta(ge=0, le=MAX_SLOW_MODE_S)] | None = None
    banned_words: Annotated[list[BannedWord], msgspec.Meta(max_length=MAX_WORDS)] | None = None


class ChatRulesOut(msgspec.Struct):
    """The stream's slow mode (0: off) and the seller's own banned words (lower-cased; the
    global list applies on top)."""

    slow_mode_s: int
    banned_words: list[str]

    @classmethod
    def of(cls, rules: ChatRules) -> ChatRulesOut:
        return cls(rules.slow_mode_s, list(rules.banned_words))
