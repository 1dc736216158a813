"""Selling from a live room: what may be sold, where, to whom, how many at once.

A room sells the stream's *tagged* products while the stream is live and, for what is
still in stock, on the replay of a stream that ended normally (shoppable replays); never
from a draft, a cancelled stream or one staff took down. The seller never buys from
their own room."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from souk.domain.shared.errors import Conflict, Forbidden, InvalidInput
from souk.domain.streams.errors import ProductNotInStream
from souk.domain.streams.stream import EndReason, Stream, StreamStatus
from souk.domain.streams.stream_product import StreamProduct

MAX_UNITS = 100  # per item of one purchase


class StreamNotShoppable(Conflict):
    code = "stream_not_shoppable"
    default_detail = "Nothing can be bought from this stream: it is not live and has no replay to shop from."


class ProductNotTagged(Conflict):
    code = "product_not_tagged"
    default_detail = "The seller has not shown this product in the stream yet."


class CannotBuyOwn(Forbidden):
    code = "cannot_buy_own"
    default_detail = "You cannot buy from your own stream."


class InvalidUnits(InvalidInput):
    code = "invalid_quantity"
    default_detail = f"A quantity is between 1 and {MAX_UNITS}."


def require_shoppable(stream: Stream) -> None:
    if stream.status is StreamStatus.LIVE:
        return
    if stream.status is StreamStatus.ENDED and stream.end_reason is not EndReason.TAKEN_DOWN:
        return
    raise StreamNotShoppable()


def require_tagged(shown: Sequence[StreamProduct], product_id: UUID) -> StreamProduct:
    for item in shown:
        if item.product_id == product_id:
            if item.tag is None and not item.featured:
                raise ProductNotTagged()
            return item
    raise ProductNotInStream()


def require_buyer(buyer_id: UUID, seller_id: UUID) -> None:
    if buyer_id == seller_id:
        raise CannotBuyOwn()


def require_units(quantity: int) -> int:
    if isinstance(quantity, bool) or not 1 <= quantity <= MAX_UNITS:
        raise InvalidUnits(field="quantity")
    return quantity


MAX_CART_ITEMS = 20


class InvalidCart(InvalidInput):
    code = "invalid_cart"
    default_detail = f"A purchase has 1-{MAX_CART_ITEMS} items, each product once, all in one currency."


def require_cart(product_ids: Sequence[UUID]) -> None:
    if not 1 <= len(product_ids) <= MAX_CART_ITEMS or len(set(product_ids)) != len(product_ids):
        raise InvalidCart(field="items")


def require_one_currency(currencies: Sequence[str]) -> None:
    if len(set(currencies)) > 1:
        raise InvalidCart("A cart is paid at once, in one currency: buy these items separately.", field="items")


@dataclass(frozen=True, slots=True)
class RoomSaleFigures:
    """What a stream sold of one product from its room (sales not cancelled or expired):
    units, revenue in the product's currency, and how many buy-now sales (for conversion)."""

    units: int
    revenue: int
    currency: str
    buy_now_sales: int

    def buy_now_conversion(self, views: int) -> float:
        """Buy-now sales per product view in the stream (0 without views)."""
        return round(self.buy_now_sales / views, 4) if views else 0.0
