"""Random buyers haggling with one seller over two products, with clock jumps, sweeps and
payments: after every step the money and state invariants hold."""

from __future__ import annotations

import asyncio
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from souk.adapters.memory.store import InMemoryStore
from souk.application.negotiation.accept_offer import AcceptOffer
from souk.application.negotiation.counter_offer import CounterOffer
from souk.application.negotiation.decline_offer import DeclineOffer
from souk.application.negotiation.expire_offers import ExpireOffers
from souk.application.negotiation.make_offer import MakeOffer, MakeOfferCommand
from souk.application.negotiation.withdraw_offer import WithdrawOffer
from souk.application.payments.cancel_sale import CancelSale
from souk.application.payments.confirm_receipt import ConfirmReceipt
from souk.application.payments.pay_with_test_card import PayWithTestCard
from souk.domain.catalog.product import Product, ProductStatus
from souk.domain.negotiation.errors import NotYourTurn
from souk.domain.negotiation.offer import Offer, OfferStatus, Side
from souk.domain.negotiation.transaction import Transaction, TransactionStatus
from souk.domain.shared.errors import DomainError
from souk.domain.shared.money import Money
from tests.negotiation_support import Negotiation, negotiation_container

TERMINAL = {OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.WITHDRAWN, OfferStatus.EXPIRED}
FINAL_SALES = {TransactionStatus.COMPLETED, TransactionStatus.CANCELLED, TransactionStatus.REFUNDED}


class NegotiationMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.tmp = tempfile.TemporaryDirectory()
        self.world: Negotiation = negotiation_container("memory", None, Path(self.tmp.name))
        self.seller = self.call(self.world.user())
        self.buyers = [self.call(self.world.user()) for _ in range(3)]
        self.products = [self.call(self.world.product(self.seller, 10_000)) for _ in range(2)]
        self.store: InMemoryStore = self.call(self.world.get(InMemoryStore))
        self.terminal: dict[UUID, tuple[OfferStatus, Money, int]] = {}
        self.final_sales: dict[UUID, TransactionStatus] = {}

    def call(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)

    def attempt(self, kind: type[Any], *args: Any) -> Any:
        try:
            return self.call(self.world.run(kind, *args))
        except DomainError as error:
            return error

    def teardown(self) -> None:
        self.call(self.world.container.close())
        self.loop.close()
        self.tmp.cleanup()

    # --- the store as the database would show it ---------------------------------------

    def offers(self) -> list[Offer]:
        return list(self.store.table("offers").values())

    def sales(self) -> list[Transaction]:
        return list(self.store.table("transactions").values())

    def product(self, product_id: UUID) -> Product:
        found: Product = self.store.table("products")[product_id]
        return found

    def offer(self, index: int) -> Offer | None:
        offers = sorted(self.offers(), key=lambda o: o.id)
        return offers[index % len(offers)] if offers else None

    def actor(self, offer: Offer, side: str) -> UUID:
        return offer.buyer_id if side == "buyer" else offer.seller_id

    # --- moves ---------------------------------------------------------------------------

    @rule(buyer=st.integers(0, 2), product=st.integers(0, 1), amount=st.integers(-5, 10_005))
    def make_offer(self, buyer: int, product: int, amount: int) -> None:
        try:
            price = Money(amount, "EUR")
        except DomainError:
            return
        self.attempt(MakeOffer, MakeOfferCommand(self.buyers[buyer], self.products[product], price))

    @precondition(lambda self: bool(self.offers()))
    @rule(index=st.integers(0, 50), side=st.sampled_from(["buyer", "seller"]), amount=st.integers(1, 10_000))
    def counter(self, index: int, side: str, amount: int) -> None:
        offer = self.offer(index)
        assert offer is not None
        result = self.attempt(CounterOffer, offer.id, self.actor(offer, side), Money(amount, "EUR"))
        self.check_turn(offer, side, result)

    @precondition(lambda self: bool(self.offers()))
    @rule(index=st.integers(0, 50), side=st.sampled_from(["buyer", "seller"]))
    def accept(self, index: int, side: str) -> None:
        offer = self.offer(index)
        assert offer is not None
        result = self.attempt(AcceptOffer, offer.id, self.actor(offer, side))
        self.check_turn(offer, side, result)

    @precondition(lambda self: bool(self.offers()))
    @rule(index=st.integers(0, 50), side=st.sampled_from(["buyer", "seller"]))
    def decline(self, index: int, side: str) -> None:
        offer = self.offer(index)
        assert offer is not None
        self.check_turn(offer, side, self.attempt(DeclineOffer, offer.id, self.actor(offer, side)))

    @precondition(lambda self: bool(self.offers()))
    @rule(index=st.integers(0, 50), side=st.sampled_from(["buyer", "seller"]))
    def withdraw(self, index: int, side: str) -> None:
        offer = self.offer(index)
        assert offer is not None
        result = self.attempt(WithdrawOffer, offer.id, self.actor(offer, side))
        if not isinstance(result, DomainError):
            assert side == "buyer"

    @rule(hours=st.integers(1, 30))
    def time_passes(self, hours: int) -> None:
        self.world.clock.advance(timedelta(hours=hours))

    @rule()
    def sweep(self) -> None:
        self.attempt(ExpireOffers)

    @precondition(lambda self: bool(self.sales()))
    @rule(
        index=st.integers(0, 20),
        side=st.sampled_from(["buyer", "seller"]),
        move=st.sampled_from(["pay", "confirm", "cancel"]),
    )
    def sale_move(self, index: int, side: str, move: str) -> None:
        sales = sorted(self.sales(), key=lambda t: t.id)
        sale = sales[index % len(sales)]
        by = sale.buyer_id if side == "buyer" else sale.seller_id
        kind = {"pay": PayWithTestCard, "confirm": ConfirmReceipt, "cancel": CancelSale}[move]
        self.attempt(kind, sale.id, by)

    def check_turn(self, before: Offer, side: str, result: object) -> None:
        """A move that went through was made by the side in turn on an open, current offer."""
        if isinstance(result, DomainError):
            if before.is_open and not before.is_overdue(self.world.clock.now()) and before.turn.value != side:
                assert isinstance(result, NotYourTurn)
            return
        assert before.is_open
        assert before.turn is Side(side)
        assert not before.is_overdue(self.world.clock.now())

    # --- invariants ------------------------------------------------------------------------

    @invariant()
    def one_live_sale_per_product(self) -> None:
        for product_id in self.products:
            live = [t for t in self.sales() if t.product_id == product_id and t.is_open]
            assert len(live) <= 1
            status = self.product(product_id).status
            sold = [t for t in self.sales() if t.product_id == product_id and t.status is TransactionStatus.COMPLETED]
            assert len(sold) <= 1
            if live:
                assert status is ProductStatus.RESERVED
            elif sold:
                assert status is ProductStatus.SOLD
            else:
                assert status is ProductStatus.AVAILABLE
            accepted_live = [
                o
                for o in self.offers()
                if o.product_id == product_id
                and o.status is OfferStatus.ACCEPTED
                and any(t.offer_id == o.id and t.status is not TransactionStatus.CANCELLED for t in self.sales())
            ]
            assert len(accepted_live) <= 1

    @invariant()
    def fee_plus_payout_is_the_price(self) -> None:
        for sale in self.sales():
            assert sale.platform_fee.amount + sale.seller_payout.amount == sale.price.amount
            assert sale.platform_fee.amount == (sale.price.amount * 1500 * 2 + 10_000) // 20_000

    @invariant()
    def terminal_states_are_final(self) -> None:
        for offer in self.offers():
            if offer.id in self.terminal:
                assert (offer.status, offer.price, len(offer.history)) == self.terminal[offer.id]
            elif offer.status in TERMINAL:
                self.terminal[offer.id] = (offer.status, offer.price, len(offer.history))
        for sale in self.sales():
            if sale.id in self.final_sales:
                assert sale.status is self.final_sales[sale.id]
            elif sale.status in FINAL_SALES:
                self.final_sales[sale.id] = sale.status

    @invariant()
    def one_open_negotiation_per_buyer_and_product(self) -> None:
        pairs = [(o.buyer_id, o.product_id) for o in self.offers() if o.is_open]
        assert len(pairs) == len(set(pairs))

    @invariant()
    def every_offer_has_a_gapless_conversation(self) -> None:
        messages = list(self.store.table("messages").values())
        for conversation in self.store.table("conversations").values():
            seqs = sorted(m.seq for m in messages if m.conversation_id == conversation.id)
            assert seqs == list(range(1, conversation.last_seq + 1))
        for offer in self.offers():
            moves = [m for m in messages if m.offer_id == offer.id]
            assert len(moves) == len(offer.history)


NegotiationMachine.TestCase.settings = settings(
    max_examples=60, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestNegotiation = NegotiationMachine.TestCase
