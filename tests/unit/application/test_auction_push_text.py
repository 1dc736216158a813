"""The winner's push says what they won and for how much (and that the card refused it)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from souk.application.notifications.push_texts import push_text
from souk.domain.notifications.notification import Notification
from souk.domain.shared.notifications import NotificationType as T


def _notification(kind: T, data: dict[str, object]) -> Notification:
    return Notification(uuid.uuid4(), uuid.uuid4(), kind.value, data, uuid.uuid4(), datetime.now(UTC))


def test_the_winner_reads_the_product_and_the_price() -> None:
    price = {"amount": 110050, "currency": "EUR"}
    won = _notification(T.AUCTION_WON, {"title": "Brass {lamp}", "price": price})
    assert push_text(won) == ("You won!", "You won Brass {lamp} for 1100.50 EUR.")
    declined = _notification(T.AUCTION_PAYMENT_DECLINED, {"title": "Vase", "price": {"amount": 900, "currency": "JPY"}})
    assert push_text(declined) == ("Payment declined", "You won Vase for 900 JPY, but your card was declined.")
