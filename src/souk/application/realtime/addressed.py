"""A server frame on its way to sockets on every gateway process (the bus carries it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from souk.domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True)
class AddressedFrame(DomainEvent):
    """``users``: all their sockets; ``room``: its members (but ``except_user``)."""

    topic: ClassVar[str] = "realtime.frames"

    type: str
    data: Any
    users: tuple[str, ...] = ()
    room: str | None = None
    except_user: str | None = None


def to_room(room: str, frame_type: str, data: Any, except_user: UUID | None = None) -> AddressedFrame:
    return AddressedFrame(frame_type, data, room=room, except_user=str(except_user) if except_user else None)


def to_users(user_ids: Iterable[UUID], frame_type: str, data: Any) -> AddressedFrame | None:
    """None: nobody to address."""
    targets = tuple(sorted({str(u) for u in user_ids}))
    return AddressedFrame(frame_type, data, users=targets) if targets else None
