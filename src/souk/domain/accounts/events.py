"""What accounts tell the rest of Souk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from souk.domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True)
class UserRegistered(DomainEvent):
    topic: ClassVar[str] = "user.registered"

    user_id: UUID


SUSPENDED = "suspended"  # SessionRevoked.reason when staff suspend or ban: sockets close 4403


@dataclass(frozen=True, slots=True)
class SessionRevoked(DomainEvent):
    """Sessions (refresh-token families) ended: every process refuses their tokens."""

    topic: ClassVar[str] = "session.revoked"

    user_id: UUID
    session_ids: tuple[UUID, ...]
    reason: str
    revoked_at: datetime


@dataclass(frozen=True, slots=True)
class PresenceChanged(DomainEvent):
    """A user's first socket opened (``online``) or their last one closed or expired; the
    people they have conversations with (``partners``) hear of it. Bus only."""

    topic: ClassVar[str] = "user.presence_changed"

    user_id: UUID
    online: bool
    partners: tuple[UUID, ...]


@dataclass(frozen=True, slots=True)
class NewDeviceSignedIn(DomainEvent):
    """Someone signed in to the account from a device it had not signed in from before."""

    topic: ClassVar[str] = "session.new_device"

    user_id: UUID
    session_id: UUID
    device_name: str | None
    platform: str | None
    approx_place: str
    at: datetime


@dataclass(frozen=True, slots=True)
class TwoFactorChanged(DomainEvent):
    """Two-factor sign-in was turned on or off: its owner hears of it, whoever did it."""

    topic: ClassVar[str] = "account.two_factor_changed"

    user_id: UUID
    enabled: bool
    at: datetime
