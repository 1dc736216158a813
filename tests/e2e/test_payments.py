"""Money moves over HTTP on both deployments with the card simulator: card sale end to end
(accept → card step → confirm receipt → completed), cancel, refunds, expiry, cash, the
ledger's movements and the seller's balance; strangers get 404 and change nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.e2e.conftest import Api
from tests.e2e.test_catalog import create
from tests.e2e.test_negotiation import money

SUCCEEDS, DECLINED, NEEDS_CONFIRMATION = "4242424242424242", "4000000000000002", "4000002500003155"


async def sale(api: Api, payment_method: str = "card", price: int = 20000) -> tuple[Any, Any, Any, dict[str, Any]]:
    seller, buyer = await api.register(), await api.register()
    product = await create(api, seller)  # 250.00 EUR, community, free tier: 5 %
    body = {"product_id": product["id"], "price": money(price), "payment_method": payment_method}
    made = await api.client.post("/api/v1/offers", json=body, headers=api.bearer(buyer))
    assert made.status_code == 201, made.text
    accepted = await api.client.patch(f"/api/v1/offers/{made.json()['id']}/accept", headers=api.bearer(seller))
    assert accepted.status_code == 200, accepted.text
    return seller, buyer, product, accepted.json()["transaction"]


def kinds(transaction: dict[str, Any]) -> list[tuple[str, int]]:
    return [(m["kind"], m["amount"]["amount"]) for m in transaction["movements"]]


async def test_a_card_sale_end_to_end_with_the_simulator(api: Api) -> None:
    seller, buyer, product, opened = await sale(api)
    sb, bb = api.bearer(seller), api.bearer(buyer)
    url = f"/api/v1/transactions/{opened['id']}"
    assert opened["payment_method"] == "card"

    as_buyer = (await api.client.get(url, headers=bb)).json()
    assert as_buyer["status"] == "pending"
    assert as_buyer["client_secret"].startswith("sim_pi_")
    as_seller = (await api.client.get(url, headers=sb)).json()
    assert as_seller["client_secret"] is None
    stranger = await api.register()
    for attempt in (
        await api.client.get(url, headers=api.bearer(stranger)),
        await api.client.post(f"/api/v1/payments/simulator/confirm/{opened['id']}", json={"card": SUCCEEDS},
                              headers=api.bearer(stranger)),
        await api.client.post(f"{url}/cancel", headers=api.bearer(stranger)),
    ):  # fmt: skip
        assert attempt.status_code == 404, attempt.text
        assert attempt.json()["code"] == "transaction_not_found"

    declined = await api.client.post(
        f"/api/v1/payments/simulator/confirm/{opened['id']}", json={"card": DECLINED}, headers=bb
    )
    assert declined.status_code == 409
    assert declined.json()["code"] == "card_declined"
    early = await api.client.post(f"{url}/confirm-receipt", headers=bb)
    assert early.status_code == 409
    assert early.json()["code"] == "invalid_transaction_transition"
    first = await api.client.post(
        f"/api/v1/payments/simulator/confirm/{opened['id']}", json={"card": NEEDS_CONFIRMATION}, headers=bb
    )
    assert first.status_code == 200
    assert first.json()["status"] == "pending"
    held = await api.client.post(
        f"/api/v1/payments/simulator/confirm/{opened['id']}", json={"card": NEEDS_CONFIRMATION}, headers=bb
    )
    assert held.json()["status"] == "authorized"
    assert held.json()["client_secret"] is None
    assert kinds(held.json()) == [("hold", 20000)]
    assert (await api.client.get(f"/api/v1/products/{product['id']}")).json()["status"] == "reserved"

    assert (await api.client.post(f"{url}/confirm-receipt", headers=sb)).status_code == 403
    done = await api.client.post(f"{url}/confirm-receipt", headers=bb)
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["status"] == "completed"
    assert sorted(kinds(body)) == sorted(
        [("hold", 20000), ("hold", -20000), ("capture", 20000), ("fee", 1000), ("payout", 19000)]
    )
    assert (await api.client.get(f"/api/v1/products/{product['id']}")).json()["status"] == "sold"
    late_cancel = await api.client.post(f"{url}/cancel", headers=bb)
    assert late_cancel.status_code == 409
    balance = (await api.client.get("/api/v1/payments/balance", headers=sb)).json()
    assert balance == [{"currency": "EUR", "pending": 0, "available": 19000, "paid_out": 0}]

    assert (await api.client.post(f"{url}/refund", json={"amount": 5000}, headers=bb)).status_code == 403
    too_much = await api.client.post(f"{url}/refund", json={"amount": 20001}, headers=sb)
    assert too_much.status_code == 400
    assert too_much.json()["code"] == "invalid_refund_amount"
    partly = await api.client.post(f"{url}/refund", json={"amount": 5000}, headers=sb)
    assert partly.status_code == 200, partly.text
    assert partly.json()["status"] == "partially_refunded"
    rest = await api.client.post(f"{url}/refund", json={}, headers=sb)
    assert rest.json()["status"] == "refunded"
    movements = rest.json()["movements"]
    split = sum(m["amount"]["amount"] for m in movements if m["kind"] in ("fee", "payout"))
    moved = sum(m["amount"]["amount"] for m in movements if m["kind"] in ("capture", "refund"))
    assert split == moved == 0
    assert (await api.client.get(f"/api/v1/products/{product['id']}")).json()["status"] == "sold"
    balance = (await api.client.get("/api/v1/payments/balance", headers=sb)).json()
    assert balance == [{"currency": "EUR", "pending": 0, "available": 0, "paid_out": 0}]


async def test_cancelling_a_held_card_sale_releases_the_hold_and_the_product(api: Api) -> None:
    seller, buyer, product, opened = await sale(api)
    bb = api.bearer(buyer)
    url = f"/api/v1/transactions/{opened['id']}"
    paid = await api.client.post(f"{url}/pay", headers=bb)
    assert paid.status_code == 200, paid.text
    assert paid.json()["status"] == "authorized"
    cancelled = await api.client.post(f"{url}/cancel", headers=api.bearer(seller))
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert kinds(cancelled.json()) == [("hold", 20000), ("hold", -20000)]
    assert (await api.client.get(f"/api/v1/products/{product['id']}")).json()["status"] == "available"
    again = await api.client.post(f"{url}/pay", headers=bb)
    assert again.status_code == 409


async def test_a_cash_sale_is_confirmed_by_the_seller(api: Api) -> None:
    seller, buyer, product, opened = await sale(api, payment_method="cash")
    sb, bb = api.bearer(seller), api.bearer(buyer)
    url = f"/api/v1/transactions/{opened['id']}"
    assert opened["payment_method"] == "cash"
    viewed = (await api.client.get(url, headers=bb)).json()
    assert viewed["client_secret"] is None
    wrong = await api.client.post(f"{url}/confirm-receipt", headers=bb)
    assert wrong.status_code == 409
    assert wrong.json()["code"] == "wrong_payment_method"
    assert (await api.client.post(f"{url}/confirm-cash", headers=bb)).status_code == 403
    done = await api.client.post(f"{url}/confirm-cash", headers=sb)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"
    assert sorted(kinds(done.json())) == sorted([("capture", 20000), ("fee", 1000), ("payout", 19000)])
    assert (await api.client.get(f"/api/v1/products/{product['id']}")).json()["status"] == "sold"


async def test_cash_is_only_for_community_listings(api: Api) -> None:
    seller, buyer = await api.register(), await api.register()
    product = await create(api, seller, feed_type="discover", location=None)
    body = {"product_id": product["id"], "price": money(20000), "payment_method": "cash"}
    refused = await api.client.post("/api/v1/offers", json=body, headers=api.bearer(buyer))
    assert refused.status_code == 400
    assert refused.json()["code"] == "cash_only_in_community"


async def test_simulated_payout_onboarding_shows_on_users_me(api: Api) -> None:
    seller = await api.register()
    before = (await api.client.get("/api/v1/users/me", headers=api.bearer(seller))).json()
    assert before["payouts"] == {"provider": None, "onboarded": False, "enabled": False}
    assert (await api.client.post("/api/v1/payments/onboarding")).status_code == 401
    link = await api.client.post("/api/v1/payments/onboarding", headers=api.bearer(seller))
    assert link.status_code == 200, link.text
    assert "simulated_account=sim_acct_" in link.json()["url"]
    after = (await api.client.get("/api/v1/users/me", headers=api.bearer(seller))).json()
    assert after["payouts"] == {"provider": "simulated", "onboarded": True, "enabled": True}
    again = await api.client.post("/api/v1/payments/onboarding", headers=api.bearer(seller))
    assert again.json()["url"] == link.json()["url"]  # one account per seller
    public = (await api.client.get(f"/api/v1/users/{seller['user']['id']}")).json()
    assert "payouts" not in public


@pytest.fixture
async def unpaid_api(backend_settings: Settings, tmp_path: Path) -> AsyncIterator[Api]:
    """A deployment with no card provider (``SOUK_PAYMENTS=none``, the PostgreSQL default)."""
    settings = replace(backend_settings, payments="none", sms_outbox=tmp_path / "sms.jsonl", rate_limit_scale=1000)
    async with AsyncTestClient(create_app(settings)) as client:
        yield Api(client, tmp_path / "sms.jsonl")


async def test_without_a_card_provider_card_steps_refuse_and_cash_works(unpaid_api: Api) -> None:
    api = unpaid_api
    _, buyer, _, card = await sale(api)
    refused = await api.client.get(f"/api/v1/transactions/{card['id']}", headers=api.bearer(buyer))
    assert refused.status_code == 409
    assert refused.json()["code"] == "payments_not_configured"
    simulated = await api.client.post(f"/api/v1/transactions/{card['id']}/pay", headers=api.bearer(buyer))
    assert simulated.status_code == 409
    seller, _, _, cash = await sale(api, payment_method="cash")
    done = await api.client.post(f"/api/v1/transactions/{cash['id']}/confirm-cash", headers=api.bearer(seller))
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"
