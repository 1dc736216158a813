"""What the seller chooses in step 3 of Go Live: who may watch, whom to tell, what is on."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from souk.domain.streams.errors import InvalidStreamSettings

MAX_DURATION_MIN = 12 * 60


class Audience(StrEnum):
    EVERYONE = "everyone"
    FOLLOWERS = "followers"
    NEIGHBORHOOD = "neighborhood"


@dataclass(frozen=True, slots=True)
class StreamSettings:
    audience: Audience = Audience.EVERYONE
    estimated_duration_min: int | None = None
    notify_followers: bool = True
    notify_neighborhood: bool = False
    enable_chat: bool = True
    enable_comments: bool = True
    record_stream: bool = False

    def __post_init__(self) -> None:
        minutes = self.estimated_duration_min
        if minutes is not None and (isinstance(minutes, bool) or not 1 <= minutes <= MAX_DURATION_MIN):
            raise InvalidStreamSettings(
                f"estimated_duration_min is between 1 and {MAX_DURATION_MIN}.", field="estimated_duration_min"
            )

    @property
    def needs_home(self) -> bool:
        """Neighbourhood audiences and notifications are measured from the seller's home."""
        return self.audience is Audience.NEIGHBORHOOD or self.notify_neighborhood

    def changed(self, **changes: Any) -> StreamSettings:
        """A copy with the given fields replaced (``None`` values are left as they are)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
