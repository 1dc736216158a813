"""Tips in live streams over the wire, on both deployments with the card simulator: a
viewer's tip is charged at once, split into fee and payout in the ledger, counted in the
stream's analytics and the seller's balance, and heard by the room as ``stream:tip``;
refused for the seller's own stream, a stream not live (a draft, an ended one), a hidden
one, a bad amount or a declined card — each with its code, and nothing counted."""

from __future__ import annotations

from contextlib import AsyncExitStack
from dataclasses import replace
from typing import Any

import httpx

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.e2e.conftest import Api
from tests.e2e.test_live_room import call, live_stream, product, register
from tests.e2e.ws_support import serving, ws_client

DECLINED = "4000000000000002"


async def draft_stream(api: Api, seller: dict[str, Any]) -> str:
    headers = api.bearer(seller)
    category = (await api.client.get("/api/v1/categories")).json()[0]["children"][0]["id"]
    body = {
        "title": "Lamp",
        "price": {"amount": 5000, "currency": "EUR"},
        "category_id": category,
        "condition": "good",
        "feed_type": "discover",
    }
    made = await api.client.post("/api/v1/products", json=body, headers=headers)
    assert made.status_code == 201, made.text
    stream = {"title": "Evening market", "product_ids": [made.json()["id"]]}
    created = await api.client.post("/api/v1/streams", json=stream, headers=headers)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def eur(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "EUR"}


async def refused(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == code


async def test_a_viewer_tips_a_live_stream_and_the_money_is_split(api: Api) -> None:
    seller, viewer, stranger = await api.register(), await api.register(), await api.register()
    sb, vb = api.bearer(seller), api.bearer(viewer)
    sid = await draft_stream(api, seller)
    tips = f"/api/v1/streams/{sid}/tips"

    await refused(await api.client.post(tips, json={"amount": eur(500)}, headers=vb), 409, "stream_not_live")
    assert (await api.client.post(f"/api/v1/streams/{sid}/go-live", headers=sb)).status_code == 200

    given = await api.client.post(tips, json={"amount": eur(500)}, headers=vb)
    assert given.status_code == 201, given.text
    tip = given.json()
    assert (tip["status"], tip["payment_method"], tip["client_secret"]) == ("completed", "card", None)
    assert (tip["stream_id"], tip["buyer_id"], tip["seller_id"]) == (sid, viewer["user"]["id"], seller["user"]["id"])
    # the free tier's discover rate (15 %): 75 to the platform, 425 to the seller
    assert (tip["price"], tip["platform_fee"], tip["seller_payout"]) == (eur(500), eur(75), eur(425))

    # the seller's balance has the payout; nobody else's money moved
    balance = (await api.client.get("/api/v1/payments/balance", headers=sb)).json()
    assert balance == [{"currency": "EUR", "pending": 0, "available": 425, "paid_out": 0}]
    assert (await api.client.get("/api/v1/payments/balance", headers=vb)).json() == []

    # refusals: each with its code, none counted
    for body, status, code in (
        ({"amount": eur(0)}, 400, "validation_error"),
        ({"amount": eur(1_000_001)}, 400, "validation_error"),  # above 10,000.00 EUR
        ({"amount": {"amount": 500, "currency": "XXX"}}, 400, "invalid_input"),
        ({"amount": eur(500), "card": DECLINED}, 409, "card_declined"),
    ):
        await refused(await api.client.post(tips, json=body, headers=vb), status, code)
    await refused(await api.client.post(tips, json={"amount": eur(500)}, headers=sb), 403, "cannot_tip_yourself")
    await refused(
        await api.client.post("/api/v1/streams/00000000-0000-7000-8000-000000000000/tips", json={"amount": eur(1)},
                              headers=vb), 404, "stream_not_found",
    )  # fmt: skip
    unauthenticated = await api.client.post(tips, json={"amount": eur(500)})
    assert unauthenticated.status_code == 401

    # a second tip in another currency: the analytics sum per currency
    again = await api.client.post(tips, json={"amount": {"amount": 1000, "currency": "JPY"}}, headers=vb)
    assert again.status_code == 201, again.text
    analytics = await api.client.get(f"/api/v1/streams/{sid}/analytics", headers=sb)
    assert analytics.status_code == 200, analytics.text
    assert analytics.json()["tips_count"] == 2
    assert analytics.json()["tips_total"] == [eur(500), {"amount": 1000, "currency": "JPY"}]
    # someone else's stream analytics: owner only
    await refused(
        await api.client.get(f"/api/v1/streams/{sid}/analytics", headers=api.bearer(stranger)), 403, "not_stream_owner"
    )

    # a block hides the seller's stream from the viewer: no tip across it
    assert (await api.client.post(f"/api/v1/users/{viewer['user']['id']}/block", headers=sb)).status_code == 204
    await refused(await api.client.post(tips, json={"amount": eur(500)}, headers=vb), 404, "stream_not_found")

    # once the stream has ended, no more tips; the end's analytics still count them
    ended = await api.client.post(f"/api/v1/streams/{sid}/end", headers=sb)
    assert ended.status_code == 200, ended.text
    assert ended.json()["analytics"]["tips_count"] == 2
    late = await api.client.post(tips, json={"amount": eur(500)}, headers=api.bearer(stranger))
    await refused(late, 409, "stream_not_live")
    again_balance = (await api.client.get("/api/v1/payments/balance", headers=sb)).json()
    assert {b["currency"]: b["available"] for b in again_balance} == {"EUR": 425, "JPY": 850}


async def test_the_room_hears_each_tip_once(backend_settings: Settings) -> None:
    settings = replace(backend_settings, rate_limit_scale=1000)
    async with serving(create_app(settings)) as address, AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(base_url=f"http://{address}"))
        seller, alice, bob = await register(http), await register(http), await register(http)
        sid = await live_stream(http, seller, [await product(http, seller)])
        host = await stack.enter_async_context(ws_client(address, seller.token))
        watcher = await stack.enter_async_context(ws_client(address, bob.token))
        for client in (host, watcher):
            await client.expect("connected")
        assert (await call(watcher, "stream:join", {"stream_id": sid}, "j"))["type"] == "ack"
        assert (await call(host, "stream:prepare", {"stream_id": sid}, "p"))["type"] == "ack"

        given = await http.post(f"/api/v1/streams/{sid}/tips", json={"amount": eur(250)}, headers=alice.headers)
        assert given.status_code == 201, given.text
        for client in (watcher, host):
            frame = (await client.expect("stream:tip"))["data"]
            assert frame["stream_id"] == sid
            assert frame["amount"] == eur(250)
            assert frame["user"]["id"] == alice.id
            assert frame["user"]["display_name"] == "Viewer"
            assert set(frame["user"]) == {"id", "username", "display_name"}

        # a declined card is no tip: the room hears nothing, the next tip is the next frame
        declined = await http.post(
            f"/api/v1/streams/{sid}/tips", json={"amount": eur(999), "card": DECLINED}, headers=alice.headers
        )
        assert declined.status_code == 409
        assert (await http.post(f"/api/v1/streams/{sid}/tips", json={"amount": eur(300)},
                                headers=bob.headers)).status_code == 201  # fmt: skip
        frame = (await watcher.expect("stream:tip"))["data"]
        assert (frame["user"]["id"], frame["amount"]) == (bob.id, eur(300))
