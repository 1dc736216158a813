"""What viewers may say and send in a live room."""

from __future__ import annotations

from dataclasses import dataclass

from souk.domain.streams.errors import InvalidChatMessage, InvalidReaction

CHAT_MAX = 500
REACTIONS = frozenset({"❤️", "🔥", "👏", "😂", "😮", "💎"})
# The heart also arrives without its variation selector from some keyboards.
_ALIASES = {"❤": "❤️"}


@dataclass(frozen=True, slots=True)
class ChatLine:
    content: str

    @classmethod
    def of(cls, raw: object) -> ChatLine:
        if not isinstance(raw, str):
            raise InvalidChatMessage(field="content")
        content = raw.strip()
        if not 1 <= len(content) <= CHAT_MAX:
            raise InvalidChatMessage(field="content")
        return cls(content)


def reaction(raw: object) -> str:
    if not isinstance(raw, str):
        raise InvalidReaction(field="emoji")
    emoji = _ALIASES.get(raw, raw)
    if emoji not in REACTIONS:
        raise InvalidReaction(field="emoji")
    return emoji
