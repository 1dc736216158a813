"""Buy-now and the cart: the body (REST) and the answer (REST and the ``stream:buy`` ack);
flash sales' body and answer."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from souk.application.shared.idempotency import KEY_MAX
from souk.application.streams.buy_now import CartItem, Purchase
from souk.domain.streams.flash_sale import MAX_DURATION_S, MIN_DURATION_S, FlashSale
from souk.domain.streams.room_sale import MAX_CART_ITEMS, MAX_UNITS
from souk.entrypoints.wire.bodies import Body, MoneyIn
from souk.entrypoints.wire.money import MoneyOut, money
from souk.entrypoints.wire.negotiation import TransactionOut

Units = Annotated[int, msgspec.Meta(ge=1, le=MAX_UNITS, description=f"Units to buy, 1-{MAX_UNITS}")]


class PurchaseItemIn(Body):
    """One line of a purchase: a product tagged in the stream and how many units of it."""

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
    idempotency_key: (
        Annotated[
            str,
            msgspec.Meta(
                min_length=1,
                max_length=KEY_MAX,
                description="As the `Idempotency-Key` header of `POST /streams/{id}/purchases`: a frame resent"
                " with the same key and item (its ack was lost) answers the first purchase and buys nothing more;"
                " the same key with another item is `idempotency_key_reused`.",
            ),
        ]
        | None
    ) = None


class FlashSaleIn(Body):
    """A flash price on a product tagged in the stream, for `duration_s` seconds."""

    product_id: UUID
    price: MoneyIn
    duration_s: Annotated[int, msgspec.Meta(ge=MIN_DURATION_S, le=MAX_DURATION_S, description="How long it runs")]


class FlashSaleOut(msgspec.Struct):
    """A flash sale: buy-now sells the product at `price` until `ends_at`; `ended_at` once it ended."""

    id: UUID
    stream_id: UUID
    product_id: UUID
    price: MoneyOut
    started_at: datetime
    ends_at: datetime
    ended_at: datetime | None

    @classmethod
    def of(cls, sale: FlashSale) -> FlashSaleOut:
        return cls(
            sale.id, sale.stream_id, sale.product_id, money(sale.price), sale.started_at, sale.ends_at, sale.ended_at
        )
