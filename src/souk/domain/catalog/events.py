"""What the catalog tells the rest of Souk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from souk.domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True)
class UserFollowed(DomainEvent):
    topic: ClassVar[str] = "user.followed"

    follower_id: UUID
    followee_id: UUID
