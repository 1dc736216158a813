"""A flash sale: a temporary price on a product tagged in a live stream, for a few
seconds to an hour. While it runs, buy-now sells at the flash price; it ends at
``ends_at`` whatever happens to the server (a job on time, a sweep for what a job missed),
and the price stops applying at ``ends_at`` even before that has run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from souk.domain.shared.errors import Conflict, InvalidInput
from souk.domain.shared.money import Money

MIN_DURATION_S, MAX_DURATION_S = 10, 3600


class InvalidFlashSale(InvalidInput):
    code = "invalid_flash_sale"
    default_detail = (
        f"A flash sale lasts {MIN_DURATION_S}-{MAX_DURATION_S} seconds, at a price below the listed one"
        " in its currency."
    )


class FlashSaleRunning(Conflict):
    code = "flash_sale_running"
    default_detail = "A flash sale of this product is already running in this stream."


@dataclass(slots=True)
class FlashSale:
    id: UUID
    stream_id: UUID
    product_id: UUID
    seller_id: UUID
    price: Money
    started_at: datetime
    ends_at: datetime
    ended_at: datetime | None = None

    @classmethod
    def start(
        cls,
        sale_id: UUID,
        stream_id: UUID,
        product_id: UUID,
        seller_id: UUID,
        price: Money,
        listed: Money,
        duration_s: int,
        now: datetime,
    ) -> FlashSale:
        if isinstance(duration_s, bool) or not MIN_DURATION_S <= duration_s <= MAX_DURATION_S:
            raise InvalidFlashSale(field="duration_s")
        if price.currency != listed.currency or not 0 < price.amount < listed.amount:
            raise InvalidFlashSale(
                "A flash price is above zero and below the listed price, in its currency.", field="price"
            )
        return cls(sale_id, stream_id, product_id, seller_id, price, now, now + timedelta(seconds=duration_s))

    def price_at(self, now: datetime) -> Money | None:
        """The flash price while it runs; ``None`` once it is over (ended or past its end)."""
        return self.price if self.ended_at is None and now < self.ends_at else None

    def end(self, now: datetime) -> bool:
        """Ends it once it is due; ``False`` when it already ended or is not due yet."""
        if self.ended_at is not None or now < self.ends_at:
            return False
        self.ended_at = now
        return True
