"""The Stripe adapter's requests and readings where localstripe cannot answer: Connect
destination charges (localstripe refuses their fields), ``account.updated``, and the
mapping of recorded Stripe objects and events to facts. The SDK runs for real; only its
HTTP transport is a recorder that answers with recorded Stripe-shaped bodies."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

import pytest
import stripe

from souk.adapters.payments.stripe_card_provider import StripeCardProvider
from souk.adapters.payments.stripe_events import facts_of_event, facts_of_intent
from souk.adapters.system.clock import SystemClock
from souk.application.ports.payment_provider import IntentRequest
from souk.domain.payments.errors import BadWebhook
from souk.domain.payments.facts import ProviderEventKind
from souk.domain.shared.money import Money
from tests.e2e.stripe_support import recorded_event, signed

SECRET = "whsec_adapter_tests"
INTENT = {
    "id": "pi_3Recorded",
    "object": "payment_intent",
    "amount": 20000,
    "currency": "eur",
    "status": "requires_payment_method",
    "capture_method": "manual",
    "client_secret": "pi_3Recorded_secret_abc",
    "application_fee_amount": 1000,
    "transfer_data": {"destination": "acct_1Seller"},
    "metadata": {"transaction_id": "t-1"},
}


class Recorder(stripe.HTTPXClient):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, str, dict[str, str], dict[str, list[str]]]] = []

    async def request_async(  # type: ignore[override]
        self, method: str, url: str, headers: Any, post_data: Any = None
    ) -> tuple[bytes, int, dict[str, str]]:
        body = parse_qs(post_data.decode() if isinstance(post_data, bytes) else post_data or "")
        self.calls.append((method, url, dict(headers), body))
        return json.dumps(INTENT).encode(), 200, {"request-id": "req_1"}


def provider(connect: bool) -> tuple[StripeCardProvider, Recorder]:
    recorder = Recorder()
    client = stripe.StripeClient("sk_test_adapter", http_client=recorder)
    return StripeCardProvider(client, SECRET, SystemClock(), connect=connect), recorder


def request(destination: str | None = "acct_1Seller") -> IntentRequest:
    return IntentRequest(
        reference="t-1",
        amount=Money(20000, "EUR"),
        fee=Money(1000, "EUR"),
        destination=destination,
        capture=False,
        metadata={"transaction_id": "t-1"},
    )


async def test_a_sale_is_a_connect_destination_charge_held_for_capture() -> None:
    stripe_provider, recorder = provider(connect=True)
    intent = await stripe_provider.create_intent(request())
    assert (intent.intent_id, intent.client_secret) == ("pi_3Recorded", "pi_3Recorded_secret_abc")
    method, url, headers, body = recorder.calls[0]
    assert (method, url) == ("post", "https://api.stripe.com/v1/payment_intents")
    assert headers["Idempotency-Key"] == "souk-intent-t-1"
    assert body["amount"] == ["20000"]
    assert body["currency"] == ["eur"]
    assert body["capture_method"] == ["manual"]
    assert body["application_fee_amount"] == ["1000"]
    assert body["transfer_data[destination]"] == ["acct_1Seller"]
    assert body["metadata[transaction_id]"] == ["t-1"]


async def test_without_connect_or_an_account_the_charge_stays_on_the_platform() -> None:
    for connect, destination in ((False, "acct_1Seller"), (True, None)):
        stripe_provider, recorder = provider(connect=connect)
        await stripe_provider.create_intent(request(destination))
        body = recorder.calls[0][3]
        assert "application_fee_amount" not in body
        assert "transfer_data[destination]" not in body


def test_webhooks_are_verified_and_read() -> None:
    stripe_provider, _ = provider(connect=True)
    account = recorded_event("evt_acct", "account.updated", {"id": "acct_1Seller", "payouts_enabled": True})
    news = stripe_provider.read(*signed(account, SECRET))
    assert [(a.account_id, a.payouts_enabled) for a in news.accounts] == [("acct_1Seller", True)]
    held = recorded_event("evt_held", "payment_intent.amount_capturable_updated", {"id": "pi_3Recorded"})
    facts = stripe_provider.read(*signed(held, SECRET)).payments
    assert [(f.intent_id, f.event.event_id, f.event.kind) for f in facts] == [
        ("pi_3Recorded", "evt_held", ProviderEventKind.AUTHORIZED)
    ]
    for payload, signature in (signed(held, "whsec_other"), signed(held, SECRET, at=1_000_000), (b"{}", None)):
        with pytest.raises(BadWebhook):
            stripe_provider.read(payload, signature)


def test_recorded_events_and_intents_map_to_facts() -> None:
    lost = recorded_event(
        "evt_lost", "charge.dispute.closed", {"payment_intent": "pi_1", "status": "lost", "amount": 20000}
    )
    closed = facts_of_event(lost)
    assert closed is not None
    assert (closed.event.kind, closed.event.amount) == (ProviderEventKind.DISPUTE_CLOSED, 20000)
    by_buyer = facts_of_event(
        recorded_event("e", "payment_intent.canceled", {"id": "pi_1", "cancellation_reason": None})
    )
    assert by_buyer is not None
    assert by_buyer.event.kind is ProviderEventKind.CANCELLED
    assert facts_of_event(recorded_event("e", "customer.created", {"id": "cus_1"})) is None
    now = datetime.now(UTC)
    refunded = facts_of_intent({"id": "pi_1", "status": "succeeded", "latest_charge": {"amount_refunded": 500}}, now)
    assert [(f.kind, f.amount) for f in refunded] == [
        (ProviderEventKind.CAPTURED, 0),
        (ProviderEventKind.REFUNDED, 500),
    ]
    assert facts_of_intent({"id": "pi_1", "status": "requires_payment_method"}, now) == []
