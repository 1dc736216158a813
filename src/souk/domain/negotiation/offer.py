"""An offer: a turn-based negotiation between one buyer and the seller of one product.

pending (buyer offered) / countered (a side countered) are open; accepted, declined,
withdrawn and expired are terminal and never change. Each move hands the turn over and
pushes the expiry to 24 h after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from souk.domain.catalog.product import FeedType, Product, ProductStatus
from souk.domain.negotiation.errors import (
    CashOnlyInCommunity,
    CounterOutOfRange,
    InvalidOfferPrice,
    NotYourTurn,
    OfferClosed,
    OfferExpired,
    OfferNotFound,
    OnlyBuyerMayWithdraw,
    OwnProduct,
    ProductNotAvailable,
)
from souk.domain.shared.money import Money
from souk.domain.shared.payment_method import PaymentMethod

OFFER_TTL = timedelta(hours=24)


class OfferStatus(StrEnum):
    PENDING = "pending"
    COUNTERED = "countered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


OPEN_STATUSES = frozenset({OfferStatus.PENDING, OfferStatus.COUNTERED})


class Side(StrEnum):
    BUYER = "buyer"
    SELLER = "seller"
    SYSTEM = "system"

    def other(self) -> Side:
        return Side.SELLER if self is Side.BUYER else Side.BUYER


class Action(StrEnum):
    OFFER = "offer"
    COUNTER = "counter"
    ACCEPT = "accept"
    DECLINE = "decline"
    WITHDRAW = "withdraw"
    EXPIRE = "expire"


@dataclass(frozen=True, slots=True)
class Move:
    by: Side
    action: Action
    price: Money
    at: datetime


@dataclass(slots=True)
class Offer:
    id: UUID
    product_id: UUID
    buyer_id: UUID
    seller_id: UUID
    conversation_id: UUID
    list_price: Money
    price: Money
    status: OfferStatus
    turn: Side
    expires_at: datetime
    created_at: datetime
    updated_at: datetime
    history: list[Move] = field(default_factory=list)
    payment_method: PaymentMethod = PaymentMethod.CARD  # the buyer's choice; cash only on community

    @classmethod
    def make(
        cls,
        offer_id: UUID,
        product: Product,
        buyer_id: UUID,
        price: Money,
        conversation_id: UUID,
        now: datetime,
        payment_method: PaymentMethod = PaymentMethod.CARD,
    ) -> Offer:
        if buyer_id == product.seller_id:
            raise OwnProduct()
        if payment_method is PaymentMethod.CASH and product.feed_type is not FeedType.COMMUNITY:
            raise CashOnlyInCommunity(field="payment_method")
        if product.status is not ProductStatus.AVAILABLE:
            raise ProductNotAvailable()
        if price.currency != product.price.currency:
            raise InvalidOfferPrice(f"The offer must be in {product.price.currency}.", field="price.currency")
        if not 0 < price.amount < product.price.amount:
            raise InvalidOfferPrice("An offer is above zero and below the listing price.", field="price.amount")
        return cls(
            id=offer_id,
            product_id=product.id,
            buyer_id=buyer_id,
            seller_id=product.seller_id,
            conversation_id=conversation_id,
            list_price=product.price,
            price=price,
            status=OfferStatus.PENDING,
            turn=Side.SELLER,
            expires_at=now + OFFER_TTL,
            created_at=now,
            updated_at=now,
            history=[Move(Side.BUYER, Action.OFFER, price, now)],
            payment_method=payment_method,
        )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def side_of(self, user_id: UUID) -> Side:
        """The caller's side; anyone else is told the offer does not exist."""
        if user_id == self.buyer_id:
            return Side.BUYER
        if user_id == self.seller_id:
            return Side.SELLER
        raise OfferNotFound()

    def is_overdue(self, now: datetime) -> bool:
        return self.is_open and now >= self.expires_at

    def counter_range(self) -> tuple[int, int]:
        """Exclusive bounds for the next counter: the last two prices (the listing price
        stands in for the seller's before any counter)."""
        prices = [self.list_price.amount] + [m.price.amount for m in self.history if m.action in _PRICED]
        low, high = sorted(prices[-2:])
        return low, high

    def counter(self, price: Money, by: UUID, now: datetime) -> None:
        side = self._in_turn(by, now)
        if price.currency != self.price.currency:
            raise InvalidOfferPrice(f"The counter must be in {self.price.currency}.", field="price.currency")
        low, high = self.counter_range()
        if not low < price.amount < high:
            raise CounterOutOfRange(
                f"A counter lies strictly between {low} and {high} (minor units).", field="price.amount"
            )
        self.price = price
        self.status = OfferStatus.COUNTERED
        self._moved(side, Action.COUNTER, now)
        self.turn = side.other()
        self.expires_at = now + OFFER_TTL

    def accept(self, by: UUID, now: datetime) -> None:
        side = self._in_turn(by, now)
        self.status = OfferStatus.ACCEPTED
        self._moved(side, Action.ACCEPT, now)

    def accept_reserving(self, product: Product, by: UUID, now: datetime) -> None:
        """The seller accepts and the product is reserved for this offer — only while it is
        available: the one place that rule lives (the store's conditional update guards it
        against a concurrent sale)."""
        self.accept(by, now)
        if product.status is not ProductStatus.AVAILABLE:
            raise ProductNotAvailable()
        product.reserve(self.id, now)

    def decline(self, by: UUID, now: datetime) -> None:
        side = self._in_turn(by, now)
        self.status = OfferStatus.DECLINED
        self._moved(side, Action.DECLINE, now)

    def withdraw(self, by: UUID, now: datetime) -> None:
        # What a side may never do is refused (403) before what the state forbids now (409).
        if self.side_of(by) is not Side.BUYER:
            raise OnlyBuyerMayWithdraw()
        side = self._open_for(by, now)
        self.status = OfferStatus.WITHDRAWN
        self._moved(side, Action.WITHDRAW, now)

    def decline_for_another_sale(self, now: datetime) -> None:
        """Another offer on the product was accepted: Souk declines this one."""
        if not self.is_open:
            raise OfferClosed()
        self.status = OfferStatus.DECLINED
        self._moved(Side.SYSTEM, Action.DECLINE, now)

    def expire(self, now: datetime) -> bool:
        """Expire if open and overdue; ``False`` (nothing changed) otherwise."""
        if not self.is_overdue(now):
            return False
        self.status = OfferStatus.EXPIRED
        self._moved(Side.SYSTEM, Action.EXPIRE, now)
        return True

    def _open_for(self, by: UUID, now: datetime) -> Side:
        side = self.side_of(by)
        if not self.is_open:
            raise OfferClosed(f"The offer is {self.status.value}.", current_status=self.status.value)
        if now >= self.expires_at:
            raise OfferExpired()
        return side

    def _in_turn(self, by: UUID, now: datetime) -> Side:
        side = self._open_for(by, now)
        if side is not self.turn:
            raise NotYourTurn()
        return side

    def _moved(self, by: Side, action: Action, now: datetime) -> None:
        self.history.append(Move(by, action, self.price, now))
        self.updated_at = now


_PRICED = frozenset({Action.OFFER, Action.COUNTER})
