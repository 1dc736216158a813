"""What data rights tell the rest of Souk (through the outbox)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from souk.domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True)
class DataExportReady(DomainEvent):
    """A user's archive is built: the notification carries its signed, expiring link."""

    topic: ClassVar[str] = "privacy.export_ready"

    user_id: UUID
    export_id: UUID
    url: str
    expires_at: datetime
