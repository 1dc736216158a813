"""Live-chat moderation: who moderates a stream, how slow its chat is, whose lines are
refused, and who is kept out of the seller's rooms (timed out until a time, or banned).

A room's ``ChatModeration`` is read once per room snapshot (with the stream), so the
checks on each chat line and join are in memory."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from souk.domain.shared.banned_words import NO_FILTER, WordFilter
from souk.domain.streams.errors import InvalidChatRules, InvalidModeration, NotStreamModerator, RemovedFromStream

MAX_SLOW_MODE_S = 3600
MAX_TIMEOUT_MIN = 24 * 60


class RemovalReason(StrEnum):
    AUDIENCE_CHANGED = "audience_changed"
    TIMED_OUT = "timed_out"
    BANNED = "banned"


def slow_mode(seconds: object) -> int:
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 0 <= seconds <= MAX_SLOW_MODE_S:
        raise InvalidChatRules(field="slow_mode_s")
    return seconds


def timeout_minutes(minutes: object) -> int:
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_TIMEOUT_MIN:
        raise InvalidModeration("A time-out lasts 1-1440 minutes.", field="minutes")
    return minutes


@dataclass(frozen=True, slots=True)
class ChatModeration:
    seller_id: UUID
    moderators: frozenset[UUID] = frozenset()
    slow_mode_s: int = 0
    seller_words: tuple[str, ...] = ()
    # user -> until when they are kept out (None: banned for good)
    removed: Mapping[UUID, datetime | None] = field(default_factory=dict)

    def may_moderate(self, user_id: UUID) -> bool:
        return user_id == self.seller_id or user_id in self.moderators

    def require_moderator(self, user_id: UUID) -> None:
        if not self.may_moderate(user_id):
            raise NotStreamModerator()

    def require_target(self, by: UUID, target: UUID) -> None:
        """Moderators act on viewers: never on the seller, a moderator or themselves."""
        if target == by or self.may_moderate(target):
            raise InvalidModeration(
                "The seller, moderators and yourself cannot be timed out or banned.", field="user_id"
            )

    def slow_for(self, user_id: UUID) -> int:
        """Seconds between two lines of ``user_id`` (0: no slow mode; moderators are never slowed)."""
        return 0 if self.may_moderate(user_id) else self.slow_mode_s

    def require_admitted(self, user_id: UUID, now: datetime) -> None:
        if user_id not in self.removed:
            return
        until = self.removed[user_id]
        if until is None:
            raise RemovedFromStream(reason=RemovalReason.BANNED.value)
        if until > now:
            retry = max(1, int((until - now).total_seconds()))
            raise RemovedFromStream(
                f"You were timed out of the seller's streams until {until.isoformat()}.",
                reason=RemovalReason.TIMED_OUT.value,
                retry_after=retry,
            )

    def filter(self, base: WordFilter = NO_FILTER) -> WordFilter:
        return base.joined(self.seller_words)


def timeout_until(now: datetime, minutes: object) -> datetime:
    return now + timedelta(minutes=timeout_minutes(minutes))
