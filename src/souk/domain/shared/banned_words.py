"""Banned words: the one text filter applied to live chat, comments, listings and
messages. A seller's own list joins the global one for what is said in their rooms and
about their things; the action is either to refuse the text or to mask the words.

Words match whole words, case-insensitively (``scam`` matches "SCAM!" but not
"scampi"); a phrase of several words matches with any run of spaces between them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from souk.domain.shared.errors import InvalidInput

MAX_WORDS = 200
MAX_WORD_LENGTH = 50
MASK = "*"


class BannedWordsAction(StrEnum):
    BLOCK = "block"
    MASK = "mask"


class BannedWordsUsed(InvalidInput):
    code = "banned_words"
    default_detail = "The text contains words that are not allowed here."


class InvalidBannedWords(InvalidInput):
    code = "invalid_banned_words"
    default_detail = f"A banned-words list has at most {MAX_WORDS} words of 1-{MAX_WORD_LENGTH} characters."


def banned_words(words: Iterable[object]) -> tuple[str, ...]:
    """A list as stored: trimmed, lower-cased, without repeats, in the given order."""
    seen: dict[str, None] = {}
    for word in words:
        if not isinstance(word, str):
            raise InvalidBannedWords(field="banned_words")
        clean = " ".join(word.split())
        if not clean or len(clean) > MAX_WORD_LENGTH:
            raise InvalidBannedWords(field="banned_words")
        seen[clean.casefold()] = None
    if len(seen) > MAX_WORDS:
        raise InvalidBannedWords(field="banned_words")
    return tuple(seen)


@dataclass(frozen=True, slots=True)
class WordFilter:
    words: tuple[str, ...]
    action: BannedWordsAction = BannedWordsAction.BLOCK
    _pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        if self.words:
            # longest first, so a phrase wins over a word it contains
            alternatives = sorted((r"\s+".join(map(re.escape, w.split())) for w in self.words), key=len, reverse=True)
            pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
            object.__setattr__(self, "_pattern", pattern)

    def joined(self, more: Iterable[str]) -> WordFilter:
        """This filter with another list added (a seller's, on top of the global one)."""
        extra = tuple(w for w in more if w not in self.words)
        return self if not extra else WordFilter(self.words + extra, self.action)

    def apply(self, text: str, field_name: str | None = None) -> str:
        """The text as it may be shown: unchanged, masked, or refused (``BannedWordsUsed``)."""
        if self._pattern is None or self._pattern.search(text) is None:
            return text
        if self.action is BannedWordsAction.BLOCK:
            raise BannedWordsUsed(field=field_name)
        return self._pattern.sub(lambda m: "".join(c if c.isspace() else MASK for c in m.group(0)), text)


NO_FILTER = WordFilter(())
