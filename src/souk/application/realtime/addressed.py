"""A server frame on its way to sockets on every gateway process (the bus carries it). Only
the WebSocket entrypoint addresses frames (``entrypoints/ws/publisher.py``); use cases raise
events instead (an import-linter contract keeps them off this module)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from souk.domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True)
class AddressedFrame(DomainEvent):
    """``users``: all their sockets; ``room``: its members (but ``except_user`` and
    ``except_users``)."""

    topic: ClassVar[str] = "realtime.frames"

    type: str
    data: Any
    users: tuple[str, ...] = ()
    room: str | None = None
    except_user: str | None = None
    except_users: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AddressedFrames(DomainEvent):
    """Several addressed frames in one bus message: the gateway's frames of a few
    milliseconds (delivery receipts), one publish and one decode per process for all."""

    topic: ClassVar[str] = "realtime.frames.batch"

    frames: tuple[AddressedFrame, ...]
