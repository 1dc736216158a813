"""Card sales against a Stripe server nobody here wrote: ``localstripe`` (a real HTTP
server), the official SDK pointed at it, its webhooks delivered to a real Souk server with
real signatures, on both deployments.

What ran against localstripe: creating the PaymentIntent (manual capture, metadata,
idempotency key), the buyer's card step (PaymentMethod + confirm with the SDK), the
reconciliation re-read (``requires_capture`` → authorized), capture, cancel, refunds, and
localstripe's own signed ``payment_intent.succeeded`` webhook. What localstripe lacks —
Connect fields (refused: ``SOUK_STRIPE_CONNECT=false`` omits them), disputes, the
``amount_capturable_updated``/``canceled``/``charge.refunded`` webhooks — is sent here as
recorded Stripe-shaped events, signed like Stripe, to the same endpoint."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest
from sqlalchemy import func, select

from souk.adapters.sql.engine import create_engine
from souk.adapters.sql.tables import payment_ledger, payment_provider_events
from souk.application.payments.reconcile_payments import ReconcilePayments
from souk.application.ports.payout_accounts import PayoutAccount, PayoutAccounts
from souk.application.ports.unit_of_work import UnitOfWork
from souk.bootstrap.container import build_container
from souk.bootstrap.settings import Settings
from tests.e2e.conftest import Api
from tests.e2e.stripe_support import (
    buyer_confirms_card,
    localstripe_server,
    recorded_event,
    register_webhook,
    signed,
    souk_server,
    stripe_settings,
)
from tests.e2e.test_catalog import create
from tests.e2e.test_negotiation import money
from tests.e2e.test_tips import draft_stream, eur

WEBHOOK = "/api/v1/payments/webhooks/stripe"


class Stripe:
    def __init__(self, api: Api, settings: Settings, localstripe: str) -> None:
        self.api = api
        self.settings = settings
        self.localstripe = localstripe

    async def reconcile(self) -> int:
        """The worker's sweep, from another container: any process may apply what it reads."""
        container = build_container(self.settings)
        try:
            async with container() as request:
                return await (await request.get(ReconcilePayments))(timedelta(0))
        finally:
            await container.close()

    async def count(self, query: Any) -> int:
        engine = create_engine(self.settings.database_url, pool_size=1)
        try:
            async with engine.connect() as conn:
                return int((await conn.execute(query)).scalar_one())
        finally:
            await engine.dispose()

    async def webhook(self, event: dict[str, Any]) -> httpx.Response:
        payload, signature = signed(event)
        return await self.api.client.post(WEBHOOK, content=payload, headers={"Stripe-Signature": signature})


@pytest.fixture
async def world(backend_settings: Settings, tmp_path: Path) -> Any:
    with localstripe_server(tmp_path / "localstripe.log") as localstripe:
        settings = stripe_settings(backend_settings, localstripe)
        async with souk_server(settings) as souk:
            await register_webhook(localstripe, souk)
            async with httpx.AsyncClient(base_url=souk, timeout=30) as client:
                yield Stripe(Api(client, tmp_path / "sms.jsonl"), settings, localstripe)  # type: ignore[arg-type]


async def held_sale(world: Stripe) -> tuple[Any, Any, Any, str, str]:
    api = world.api
    seller, buyer = await api.register(), await api.register()
    product = await create(api, seller)
    offer = (await api.client.post("/api/v1/offers", json={"product_id": product["id"], "price": money(20000)},
                                   headers=api.bearer(buyer))).json()  # fmt: skip
    sale = (await api.client.patch(f"/api/v1/offers/{offer['id']}/accept", headers=api.bearer(seller))).json()
    url = f"/api/v1/transactions/{sale['transaction']['id']}"
    pending = (await api.client.get(url, headers=api.bearer(buyer))).json()
    assert pending["status"] == "pending"
    secret = pending["client_secret"]
    assert secret.startswith("pi_")
    assert (await api.client.get(url, headers=api.bearer(seller))).json()["client_secret"] is None
    confirmed = await buyer_confirms_card(world.localstripe, secret)
    assert confirmed["status"] == "requires_capture"
    assert confirmed["metadata"]["transaction_id"] == sale["transaction"]["id"]
    assert confirmed["capture_method"] == "manual"
    assert await world.reconcile() == 1  # localstripe sends no amount_capturable_updated
    assert (await api.client.get(url, headers=api.bearer(buyer))).json()["status"] == "authorized"
    return seller, buyer, product, url, confirmed["id"]


async def test_a_card_sale_against_localstripe(world: Stripe) -> None:
    api = world.api
    seller, buyer, product, url, _ = await held_sale(world)
    done = await api.client.post(f"{url}/confirm-receipt", headers=api.bearer(buyer))
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"
    assert (await api.client.get(f"/api/v1/products/{product['id']}")).json()["status"] == "sold"
    # localstripe's own signed webhook (payment_intent.succeeded) arrives and is claimed once
    claimed = (
        select(func.count())
        .select_from(payment_provider_events)
        .where(payment_provider_events.c.event_id.like("evt_%"))
    )
    for _ in range(100):
        if await world.count(claimed) >= 1:
            break
        await _sleep()
    assert await world.count(claimed) >= 1
    entries = (
        select(func.count())
        .select_from(payment_ledger)
        .where(payment_ledger.c.transaction_id == UUID(done.json()["id"]))
    )
    before = await world.count(entries)
    partly = await api.client.post(f"{url}/refund", json={"amount": 5000}, headers=api.bearer(seller))
    assert partly.status_code == 200, partly.text
    assert partly.json()["status"] == "partially_refunded"
    assert await world.count(entries) == before + 3  # refund, fee back, payout back
    movements = partly.json()["movements"]
    assert sum(m["amount"]["amount"] for m in movements if m["kind"] in ("capture", "refund")) == 15000
    assert sum(m["amount"]["amount"] for m in movements if m["kind"] in ("fee", "payout")) == 15000


async def test_cancel_releases_the_hold_at_localstripe(world: Stripe) -> None:
    api = world.api
    seller, _, product, url, _ = await held_sale(world)
    cancelled = await api.client.post(f"{url}/cancel", headers=api.bearer(seller))
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert (await api.client.get(f"/api/v1/products/{product['id']}")).json()["status"] == "available"


async def test_recorded_stripe_events_dispute_refund_expiry_once_in_any_order(world: Stripe) -> None:
    api = world.api
    seller, buyer, _, url, intent_id = await held_sale(world)
    bad = await api.client.post(WEBHOOK, content=b"{}", headers={"Stripe-Signature": "t=1,v1=00"})
    assert bad.status_code == 401
    assert bad.json()["code"] == "invalid_webhook"
    stale_payload, stale_signature = signed(recorded_event("evt_stale", "payment_intent.succeeded", {"id": intent_id}),
                                            at=1_000_000)  # fmt: skip
    stale = await api.client.post(WEBHOOK, content=stale_payload, headers={"Stripe-Signature": stale_signature})
    assert stale.status_code == 401

    # a dispute and a refund arrive before the capture's own event: applied in any order
    dispute = recorded_event("evt_dispute", "charge.dispute.created", {"id": "dp_1", "payment_intent": intent_id})
    refund = recorded_event(
        "evt_refund", "charge.refunded", {"id": "ch_1", "payment_intent": intent_id, "amount_refunded": 4000}
    )
    captured = recorded_event("evt_captured", "payment_intent.succeeded", {"id": intent_id, "status": "succeeded"})
    for event in (dispute, refund, dispute, captured, refund):
        assert (await world.webhook(event)).status_code == 200
    disputed = (await api.client.get(url, headers=api.bearer(seller))).json()
    assert disputed["status"] == "disputed"
    kinds = [(m["kind"], m["amount"]["amount"]) for m in disputed["movements"]]
    assert kinds.count(("refund", -4000)) == 1
    assert sum(a for k, a in kinds if k in ("capture", "refund")) == sum(a for k, a in kinds if k in ("fee", "payout"))
    balance = (await api.client.get("/api/v1/payments/balance", headers=api.bearer(seller))).json()
    assert balance[0]["pending"] > 0  # the payout is held while disputed
    won = recorded_event("evt_won", "charge.dispute.closed", {"id": "dp_1", "payment_intent": intent_id,
                                                              "status": "won", "amount": 20000})  # fmt: skip
    assert (await world.webhook(won)).status_code == 200
    assert (await api.client.get(url, headers=api.bearer(buyer))).json()["status"] == "partially_refunded"


async def test_an_expired_authorisation_releases_the_product(world: Stripe) -> None:
    api = world.api
    _, buyer, product, url, intent_id = await held_sale(world)
    lapsed = recorded_event(
        "evt_lapsed",
        "payment_intent.canceled",
        {"id": intent_id, "status": "canceled", "cancellation_reason": "automatic"},
    )
    assert (await world.webhook(lapsed)).status_code == 200
    expired = (await api.client.get(url, headers=api.bearer(buyer))).json()
    assert expired["status"] == "expired"
    assert [(m["kind"], m["amount"]["amount"]) for m in expired["movements"]] == [("hold", 20000), ("hold", -20000)]
    assert (await api.client.get(f"/api/v1/products/{product['id']}")).json()["status"] == "available"
    unknown = recorded_event("evt_other", "payment_intent.succeeded", {"id": "pi_not_ours"})
    assert (await world.webhook(unknown)).status_code == 200  # acknowledged, nothing changes


async def _sleep() -> None:
    await asyncio.sleep(0.1)


async def test_account_updated_turns_payouts_on(world: Stripe) -> None:
    api = world.api
    seller = await api.register()
    account_id = f"acct_{seller['user']['id'][:8]}"
    container = build_container(world.settings)
    try:
        async with container() as request:  # what onboarding stored (localstripe has no /v1/accounts)
            await (await request.get(PayoutAccounts)).put(
                PayoutAccount(UUID(seller["user"]["id"]), "stripe", account_id, False, datetime.now(UTC))
            )
            await (await request.get(UnitOfWork)).commit()
    finally:
        await container.close()
    me = (await api.client.get("/api/v1/users/me", headers=api.bearer(seller))).json()
    assert me["payouts"] == {"provider": "stripe", "onboarded": True, "enabled": False}
    account = {"id": account_id, "object": "account", "payouts_enabled": True, "charges_enabled": True}
    updated = recorded_event("evt_acct", "account.updated", account)
    assert (await world.webhook(updated)).status_code == 200
    me = (await api.client.get("/api/v1/users/me", headers=api.bearer(seller))).json()
    assert me["payouts"] == {"provider": "stripe", "onboarded": True, "enabled": True}
    for _ in range(100):  # the notification consumer reads the outbox
        inbox = (await api.client.get("/api/v1/notifications", headers=api.bearer(seller))).json()["items"]
        if inbox:
            break
        await _sleep()
    assert [n["type"] for n in inbox] == ["payouts_enabled"]
    assert (await world.webhook(updated)).status_code == 200  # Stripe retries: nothing new


async def test_a_tip_against_localstripe(world: Stripe) -> None:
    """A tip is an automatic-capture PaymentIntent: pending with the tipper's client secret,
    completed when the charge succeeds (localstripe's webhook, or the reconciliation re-read),
    then counted in the stream's analytics and the seller's balance."""
    api = world.api
    seller, fan = await api.register(), await api.register()
    sid = await draft_stream(api, seller)
    assert (await api.client.post(f"/api/v1/streams/{sid}/go-live", headers=api.bearer(seller))).status_code == 200
    tips = f"/api/v1/streams/{sid}/tips"
    simulated = await api.client.post(tips, json={"amount": eur(500), "card": "4242424242424242"},
                                      headers=api.bearer(fan))  # fmt: skip
    assert simulated.status_code == 409
    assert simulated.json()["code"] == "simulator_only"
    given = await api.client.post(tips, json={"amount": eur(500)}, headers=api.bearer(fan))
    assert given.status_code == 201, given.text
    tip = given.json()
    assert tip["status"] == "pending"
    assert tip["client_secret"].startswith("pi_")
    charged = await buyer_confirms_card(world.localstripe, tip["client_secret"])
    assert (charged["status"], charged["capture_method"]) == ("succeeded", "automatic")
    assert charged["metadata"] == {"tip_id": tip["id"], "stream_id": sid}
    analytics = f"/api/v1/streams/{sid}/analytics"
    for _ in range(100):  # localstripe's signed payment_intent.succeeded, or else the re-read
        if (await api.client.get(analytics, headers=api.bearer(seller))).json()["tips_count"] == 1:
            break
        if _ == 50:
            await world.reconcile()
        await _sleep()
    figures = (await api.client.get(analytics, headers=api.bearer(seller))).json()
    assert (figures["tips_count"], figures["tips_total"]) == (1, [eur(500)])
    balance = (await api.client.get("/api/v1/payments/balance", headers=api.bearer(seller))).json()
    assert balance == [{"currency": "EUR", "pending": 0, "available": 425, "paid_out": 0}]
    await world.reconcile()  # a repeat changes nothing
    again = (await api.client.get(analytics, headers=api.bearer(seller))).json()
    assert again["tips_count"] == 1
