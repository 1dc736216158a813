"""What selling in a live room tells the rest of Souk (through the outbox)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from souk.domain.shared.events import DomainEvent
from souk.domain.shared.money import Money


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


@dataclass(frozen=True, slots=True)
class FlashSaleEvent(DomainEvent):
    flash_sale_id: UUID
    stream_id: UUID
    product_id: UUID
    price: Money
    ends_at: datetime


@dataclass(frozen=True, slots=True)
class FlashSaleStarted(FlashSaleEvent):
    """The room hears ``flash_sale:started`` (the price and when it ends, for a countdown)."""

    topic: ClassVar[str] = "stream.flash_sale_started"


@dataclass(frozen=True, slots=True)
class FlashSaleEnded(FlashSaleEvent):
    """The room hears ``flash_sale:ended``: the listed price applies again."""

    topic: ClassVar[str] = "stream.flash_sale_ended"
