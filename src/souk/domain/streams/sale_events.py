"""What selling in a live room tells the rest of Souk (through the outbox)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from souk.domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True)
class StreamStockChanged(DomainEvent):
    """Units of a stream's product were sold from the room (``sold`` > 0) or came back
    to stock when such a sale was cancelled or expired (``sold`` < 0); ``remaining`` is
    the stock after it. The room hears ``stream:product:sold``."""

    topic: ClassVar[str] = "stream.stock_changed"

    stream_id: UUID
    product_id: UUID
    remaining: int
    sold: int
