"""Buy-now and the cart: the body (REST) and the answer (REST and the ``stream:buy`` ack)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec

from souk.application.streams.buy_now import CartItem, Purchase
from souk.domain.streams.room_sale import MAX_CART_ITEMS, MAX_UNITS
from souk.entrypoints.wire.bodies import Body
from souk.entrypoints.wire.negotiation import TransactionOut

Units = Annotated[int, msgspec.Meta(ge=1, le=MAX_UNITS, description=f"Units to buy, 1-{MAX_UNITS}")]


class PurchaseItemIn(Body):
    product_id: UUID
    quantity: Units = 1

    def to_item(self) -> CartItem:
        return CartItem(self.product_id, self.quantity)


class PurchaseIn(Body):
    """One item is buy-now; several (each product once, one currency) are a cart paid at once."""

    items: Annotated[list[PurchaseItemIn], msgspec.Meta(min_length=1, max_length=MAX_CART_ITEMS)]


class PurchaseOut(msgspec.Struct):
    """The sales opened, one per item (each with its own fee), and the buyer's `client_secret` for the one card
    step that pays them all (`null` when no card step could be opened now: `GET /transactions/{id}` opens it)."""

    transactions: list[TransactionOut]
    client_secret: str | None

    @classmethod
    def of(cls, purchase: Purchase) -> PurchaseOut:
        return cls([TransactionOut.of(t) for t in purchase.transactions], purchase.client_secret)


class StreamBuyIn(Body):
    """Buy-now over the WebSocket: one item; the ack is what `POST /streams/{id}/purchases` answers."""

    stream_id: UUID
    product_id: UUID
    quantity: Units = 1
