"""A session as its owner sees it: the device that signed in, roughly where from, and when.

A session is a refresh-token family (``id`` is the family id, which access tokens carry);
whether it still stands is the refresh tokens' business, not this record's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from souk.domain.shared.errors import InvalidInput

DEVICE_NAME_MAX = 80


class Platform(StrEnum):
    IOS = "ios"
    ANDROID = "android"
    WEB = "web"
    DESKTOP = "desktop"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Device:
    """What the client says it is; unverifiable, so only ever shown back to its owner."""

    name: str | None = None
    platform: Platform | None = None

    @classmethod
    def parse(cls, name: str | None, platform: str | None) -> Device:
        cleaned = " ".join(name.split()) if name else ""
        if len(cleaned) > DEVICE_NAME_MAX:
            raise InvalidInput(f"A device name has at most {DEVICE_NAME_MAX} characters.", field="device_name")
        if cleaned and not cleaned.isprintable():
            raise InvalidInput("A device name is printable text.", field="device_name")
        try:
            kind = Platform(platform) if platform else None
        except ValueError:
            known = ", ".join(p.value for p in Platform)
            raise InvalidInput(f"The platform is one of {known}.", field="platform") from None
        return cls(cleaned or None, kind)


@dataclass(slots=True)
class DeviceSession:
    id: UUID
    user_id: UUID
    device: Device
    approx_place: str
    created_at: datetime
    last_seen_at: datetime

    def seen(self, now: datetime) -> None:
        self.last_seen_at = max(self.last_seen_at, now)
