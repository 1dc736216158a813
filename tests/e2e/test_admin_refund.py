"""An admin refunds a captured sale, partly then fully, and a tip; each refund goes to the
audit log with its reason. Moderators and everyone else are told the route does not
exist (404), and change nothing; a sale not captured yet or a cash sale cannot be refunded."""

from __future__ import annotations

from typing import Any

import httpx

from souk.bootstrap.settings import Settings
from souk.domain.accounts.values import Role
from tests.e2e.conftest import Api
from tests.e2e.test_payments import kinds, sale
from tests.e2e.test_reports_and_admin import grant
from tests.e2e.test_tips import draft_stream, eur


async def answered(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    if code:
        assert body["code"] == code
    return body


async def test_an_admin_refunds_a_sale_and_a_tip_and_the_audit_log_says_so(
    api: Api, backend_settings: Settings
) -> None:
    c = api.client
    admin, moderator = await api.register(), await api.register()
    await grant(backend_settings, admin, Role.ADMIN)
    await grant(backend_settings, moderator, Role.MODERATOR)
    A = api.bearer(admin)
    seller, buyer, _, opened = await sale(api)
    sb, bb = api.bearer(seller), api.bearer(buyer)
    tid = opened["id"]
    refund = f"/api/v1/admin/transactions/{tid}/refund"

    # not captured yet: nothing to refund
    await answered(await c.post(refund, json={"reason": "buyer complaint"}, headers=A), 409,
                   "invalid_transaction_transition")  # fmt: skip
    assert (await c.post(f"/api/v1/transactions/{tid}/pay", headers=bb)).status_code == 200
    assert (await c.post(f"/api/v1/transactions/{tid}/confirm-receipt", headers=bb)).json()["status"] == "completed"

    # the parties, a moderator and strangers: the route does not exist for them; nothing moves
    for who in (sb, bb, api.bearer(moderator), api.bearer(await api.register())):
        await answered(await c.post(refund, json={"reason": "x", "amount": 100}, headers=who), 404, "not_found")
    assert (await c.post(refund, json={"reason": "x"})).status_code == 401
    assert (await c.get(f"/api/v1/transactions/{tid}", headers=sb)).json()["status"] == "completed"

    await answered(await c.post(refund, json={"reason": "  ", "amount": 100}, headers=A), 400, "invalid_input")
    await answered(await c.post(refund, json={"reason": "x", "amount": 20001}, headers=A), 400,
                   "invalid_refund_amount")  # fmt: skip
    missing = "/api/v1/admin/transactions/00000000-0000-7000-8000-000000000000/refund"
    await answered(await c.post(missing, json={"reason": "x"}, headers=A), 404, "transaction_not_found")

    partly = await answered(await c.post(refund, json={"reason": "item damaged", "amount": 5000}, headers=A), 200)
    assert partly == {"transaction_id": tid, "status": "partially_refunded", "price": eur(20000), "refunded": eur(5000)}
    rest = await answered(await c.post(refund, json={"reason": "item never worked"}, headers=A), 200)
    assert (rest["status"], rest["refunded"]) == ("refunded", eur(20000))
    seen = (await c.get(f"/api/v1/transactions/{tid}", headers=sb)).json()
    assert seen["status"] == "refunded"
    moved = kinds(seen)
    assert sum(a for k, a in moved if k in ("capture", "refund")) == 0
    assert sum(a for k, a in moved if k in ("fee", "payout")) == 0  # the ledger balances: all given back

    # a tip, refunded by an admin too
    streamer, fan = await api.register(), await api.register()
    sid = await draft_stream(api, streamer)
    assert (await c.post(f"/api/v1/streams/{sid}/go-live", headers=api.bearer(streamer))).status_code == 200
    tip = await answered(
        await c.post(f"/api/v1/streams/{sid}/tips", json={"amount": eur(1000)}, headers=api.bearer(fan)), 201
    )
    back = await answered(
        await c.post(f"/api/v1/admin/transactions/{tip['id']}/refund", json={"reason": "fraud"}, headers=A), 200
    )
    assert (back["status"], back["refunded"]) == ("refunded", eur(1000))
    assert (await c.get("/api/v1/payments/balance", headers=api.bearer(streamer))).json()[0]["available"] == 0

    log = (await c.get("/api/v1/admin/audit-log?limit=100", headers=A)).json()["items"]
    entries = [
        (e["action"], e["target_type"], e["target_id"], e["reason"])
        for e in log
        if e["actor_id"] == admin["user"]["id"]
    ]
    assert entries == [
        ("refund", "transaction", tip["id"], "fraud"),
        ("refund", "transaction", tid, "item never worked"),
        ("refund", "transaction", tid, "item damaged"),
    ]  # newest first; refusals wrote nothing


async def test_a_cash_sale_is_not_refunded_through_the_provider(api: Api, backend_settings: Settings) -> None:
    admin = await api.register()
    await grant(backend_settings, admin, Role.ADMIN)
    seller, _, _, opened = await sale(api, payment_method="cash")
    tid = opened["id"]
    got = await api.client.post(f"/api/v1/transactions/{tid}/confirm-cash", headers=api.bearer(seller))
    assert got.status_code == 200, got.text
    refused = await api.client.post(f"/api/v1/admin/transactions/{tid}/refund", json={"reason": "x"},
                                    headers=api.bearer(admin))  # fmt: skip
    await answered(refused, 409, "wrong_payment_method")
