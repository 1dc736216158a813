"""A zero-price card sale (a giveaway's prize) is free: no intent, no card step; receipt
confirmed from pending completes it, it moves no money and cannot be refunded."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from souk.domain.payments.errors import InvalidPaymentTransition, InvalidRefundAmount
from souk.domain.payments.facts import ProviderEvent, ProviderEventKind
from souk.domain.payments.payment import FREE, Payment
from souk.domain.payments.status import PaymentStatus
from souk.domain.shared.money import Money
from souk.domain.shared.payment_method import PaymentMethod

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def prize(provider: str = FREE) -> Payment:
    zero = Money(0, "EUR")
    return Payment(uuid4(), uuid4(), uuid4(), PaymentMethod.CARD, zero, zero, provider, NOW, NOW)


def test_a_free_sale_completes_from_pending_and_moves_no_money() -> None:
    payment = prize()
    assert payment.is_free
    assert payment.status is PaymentStatus.PENDING
    with pytest.raises(InvalidPaymentTransition):
        payment.require_card_step()
    payment.require_capturable()
    entries = [
        payment.apply(ProviderEvent(f"souk:{payment.transaction_id}:{kind.value}", kind, NOW))
        for kind in (ProviderEventKind.AUTHORIZED, ProviderEventKind.CAPTURED)
    ]
    assert payment.status is PaymentStatus.COMPLETED
    assert entries == [[], []]
    with pytest.raises(InvalidRefundAmount):
        payment.require_refundable(1)
    with pytest.raises(InvalidPaymentTransition):
        payment.require_capturable()


def test_a_paid_card_sale_still_needs_its_hold_before_capture() -> None:
    payment = prize("simulated")
    assert not payment.is_free
    payment.require_card_step()
    with pytest.raises(InvalidPaymentTransition):
        payment.require_capturable()
