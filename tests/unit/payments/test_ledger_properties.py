"""The ledger balances on every path: random sequences of provider events, with duplicates
and reorders, always leave fee + payout == captured - refunded, and the order never
changes where the money ends up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from souk.domain.fees.policy import fee_amount
from souk.domain.payments.facts import ProviderEvent, ProviderEventKind
from souk.domain.payments.ledger import EntryKind, LedgerEntry, balances, total
from souk.domain.payments.payment import Payment
from souk.domain.payments.status import PaymentStatus
from souk.domain.shared.money import Money
from souk.domain.shared.payment_method import PaymentMethod

T0 = datetime(2026, 12, 1, tzinfo=UTC)


def payment(price: int, bps: int) -> Payment:
    return Payment(
        transaction_id=uuid4(),
        buyer_id=uuid4(),
        seller_id=uuid4(),
        method=PaymentMethod.CARD,
        price=Money(price, "EUR"),
        fee=Money(fee_amount(price, bps), "EUR"),
        provider="simulated",
        created_at=T0,
        updated_at=T0,
    )


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[int, int, list[ProviderEvent]]:
    price = draw(st.integers(1, 10**9))
    bps = draw(st.integers(0, 10_000))
    kinds = draw(st.lists(st.sampled_from(list(ProviderEventKind)), min_size=1, max_size=12))
    events = []
    for i, kind in enumerate(kinds):
        amount = (
            draw(st.integers(0, price)) if kind in (ProviderEventKind.REFUNDED, ProviderEventKind.DISPUTE_CLOSED) else 0
        )
        events.append(ProviderEvent(f"evt_{i}", kind, T0 + timedelta(seconds=i), amount))
    # the provider retries (duplicates) and delivers out of order (permutation)
    delivered = draw(st.lists(st.sampled_from(events), min_size=len(events), max_size=3 * len(events)))
    delivered = draw(st.permutations(events + delivered))
    return price, bps, delivered


def replay(price: int, bps: int, events: list[ProviderEvent]) -> tuple[Payment, list[LedgerEntry]]:
    pay = payment(price, bps)
    seen: set[str] = set()
    entries: list[LedgerEntry] = []
    for event in events:
        if event.event_id in seen:  # the store's exactly-once check
            continue
        seen.add(event.event_id)
        entries += pay.apply(event)
        assert balances(entries)
        assert total(entries, EntryKind.HOLD) >= 0
        assert total(entries, EntryKind.PAYOUT) >= 0
        assert total(entries, EntryKind.FEE) >= 0
    return pay, entries


@settings(max_examples=400, deadline=None)
@given(scenarios())
def test_every_sequence_balances_and_order_does_not_matter(scenario: tuple[int, int, list[ProviderEvent]]) -> None:
    price, bps, delivered = scenario
    pay, entries = replay(price, bps, delivered)
    in_order, in_order_entries = replay(price, bps, sorted(delivered, key=lambda e: e.occurred_at))
    assert pay.status is in_order.status
    assert pay.facts == in_order.facts
    for kind in EntryKind:
        assert total(entries, kind) == total(in_order_entries, kind) == pay.positions()[kind]
    captured = total(entries, EntryKind.CAPTURE)
    refunded = -total(entries, EntryKind.REFUND)
    assert total(entries, EntryKind.FEE) + total(entries, EntryKind.PAYOUT) == captured - refunded
    assert 0 <= refunded <= captured <= price
    # applying any event again moves no money
    for event in delivered:
        assert pay.apply(event) == []


def test_a_card_sale_writes_hold_capture_split_and_refund() -> None:
    pay = payment(20000, 500)
    at = T0
    held = pay.apply(ProviderEvent("e1", ProviderEventKind.AUTHORIZED, at))
    assert [(e.kind, e.amount) for e in held] == [(EntryKind.HOLD, 20000)]
    assert pay.status is PaymentStatus.AUTHORIZED
    captured = pay.apply(ProviderEvent("e2", ProviderEventKind.CAPTURED, at))
    assert {(e.kind, e.amount) for e in captured} == {
        (EntryKind.HOLD, -20000),
        (EntryKind.CAPTURE, 20000),
        (EntryKind.FEE, 1000),
        (EntryKind.PAYOUT, 19000),
    }
    partly = pay.apply(ProviderEvent("e3", ProviderEventKind.REFUNDED, at, amount=5000))
    assert {(e.kind, e.amount) for e in partly} == {
        (EntryKind.REFUND, -5000),
        (EntryKind.FEE, -250),
        (EntryKind.PAYOUT, -4750),
    }
    assert pay.status is PaymentStatus.PARTIALLY_REFUNDED
    pay.apply(ProviderEvent("e4", ProviderEventKind.REFUNDED, at, amount=20000))
    assert pay.status is PaymentStatus.REFUNDED
    assert pay.positions()[EntryKind.PAYOUT] == pay.positions()[EntryKind.FEE] == 0


def test_cancel_and_expiry_release_the_hold_and_dispute_holds_the_payout() -> None:
    cancelled = payment(1000, 1500)
    cancelled.apply(ProviderEvent("a", ProviderEventKind.AUTHORIZED, T0))
    released = cancelled.apply(ProviderEvent("c", ProviderEventKind.CANCELLED, T0))
    assert [(e.kind, e.amount) for e in released] == [(EntryKind.HOLD, -1000)]
    assert cancelled.status is PaymentStatus.CANCELLED
    expired = payment(1000, 1500)
    expired.apply(ProviderEvent("x", ProviderEventKind.EXPIRED, T0))  # before the hold event arrived
    expired.apply(ProviderEvent("a", ProviderEventKind.AUTHORIZED, T0))
    assert expired.status is PaymentStatus.EXPIRED
    assert expired.positions()[EntryKind.HOLD] == 0
    disputed = payment(1000, 1500)
    disputed.apply(ProviderEvent("d", ProviderEventKind.DISPUTE_OPENED, T0))  # implies the capture
    assert disputed.status is PaymentStatus.DISPUTED
    assert disputed.positions()[EntryKind.PAYOUT_HELD] == 850
    disputed.apply(ProviderEvent("w", ProviderEventKind.DISPUTE_CLOSED, T0, amount=0))
    assert disputed.status is PaymentStatus.COMPLETED
    assert disputed.positions()[EntryKind.PAYOUT_HELD] == 0
