"""Selling from a live room: what may be sold, where, to whom, how many at once.

A room sells the stream's *tagged* products while the stream is live and, for what is
still in stock, on the replay of a stream that ended normally (shoppable replays); never
from a draft, a cancelled stream or one staff took down. The seller never buys from
their own room."""

from __future__ import annotations

from collections.abc import Sequence
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
