"""Buy-now and the cart in live streams over the wire, on both deployments with the card
simulator: products carry a stock; buying takes units atomically and never oversells
(parallel buyers on PostgreSQL over real sockets); a cart is one payment for several
transactions, each with its own fee, moved together by the card step and the capture,
and a cancel gives every unit back; the room hears ``stream:product:sold``; ``stream:buy``
answers what the REST route answers; the room's refusals each have their code."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.e2e.conftest import Api
from tests.e2e.souk_process import Deployment, deployment, souk_serve
from tests.e2e.souk_process import register as souk_register
from tests.e2e.test_live_room import Person, call, register
from tests.e2e.ws_support import serving, ws_client

__all__ = ["deployment"]  # the fixture: both deployments as ``souk serve`` runs them

SUCCEEDS = "4242424242424242"


def eur(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "EUR"}


async def stocked(http: httpx.AsyncClient, seller: Person, quantity: int, price: int, title: str = "Vinyl") -> str:
    category = (await http.get("/api/v1/categories")).json()[0]["children"][0]["id"]
    body = {
        "title": title,
        "price": eur(price),
        "category_id": category,
        "condition": "new",
        "feed_type": "discover",
        "quantity": quantity,
    }
    made = await http.post("/api/v1/products", json=body, headers=seller.headers)
    assert made.status_code == 201, made.text
    assert made.json()["quantity"] == quantity
    return str(made.json()["id"])


async def room(http: httpx.AsyncClient, seller: Person, tagged: list[str], shown: list[str]) -> str:
    body = {"title": "Friday drop", "product_ids": [*tagged, *shown]}
    created = await http.post("/api/v1/streams", json=body, headers=seller.headers)
    assert created.status_code == 201, created.text
    sid = str(created.json()["id"])
    assert (await http.post(f"/api/v1/streams/{sid}/go-live", headers=seller.headers)).status_code == 200
    for product_id in tagged:
        tag = {"x": 0.5, "y": 0.5, "timestamp_s": 3}
        tagged_now = await http.post(
            f"/api/v1/streams/{sid}/products/{product_id}/tag", json=tag, headers=seller.headers
        )
        assert tagged_now.status_code == 200, tagged_now.text
    return sid


async def buy(http: httpx.AsyncClient, sid: str, who: Person, *items: tuple[str, int]) -> httpx.Response:
    body = {"items": [{"product_id": p, "quantity": q} for p, q in items]}
    return await http.post(f"/api/v1/streams/{sid}/purchases", json=body, headers=who.headers)


async def stock(http: httpx.AsyncClient, product_id: str) -> tuple[int, str]:
    shown = (await http.get(f"/api/v1/products/{product_id}")).json()
    return shown["quantity"], shown["status"]


def refused(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["code"] == code


async def sale(http: httpx.AsyncClient, who: Person, transaction_id: str) -> dict[str, Any]:
    found = await http.get(f"/api/v1/transactions/{transaction_id}", headers=who.headers)
    assert found.status_code == 200, found.text
    return found.json()  # type: ignore[no-any-return]


def moved(view: dict[str, Any], kind: str) -> int:
    return sum(m["amount"]["amount"] for m in view["movements"] if m["kind"] == kind)


async def test_buy_now_a_cart_and_its_one_payment(api: Api) -> None:
    http = api.client
    seller, ann, bob = await register(http), await register(http), await register(http)
    records, poster, untagged = (
        await stocked(http, seller, 3, 2000),
        await stocked(http, seller, 1, 500, "Poster"),
        await stocked(http, seller, 5, 100, "Sticker"),
    )
    sid = await room(http, seller, [records, poster], [untagged])

    # buy-now: two units at the listed price, the fee on the whole (free tier, discover: 15 %)
    bought = await buy(http, sid, ann, (records, 2))
    assert bought.status_code == 201, bought.text
    [one] = bought.json()["transactions"]
    assert bought.json()["client_secret"]
    assert (one["quantity"], one["source"], one["stream_id"], one["offer_id"]) == (2, "buy_now", sid, None)
    assert (one["price"], one["platform_fee"], one["seller_payout"]) == (eur(4000), eur(600), eur(3400))
    assert (one["status"], one["checkout_id"]) == ("pending", None)
    assert await stock(http, records) == (1, "available")

    # more than is left: 409 sold_out, nothing taken
    refused(await buy(http, sid, bob, (records, 2)), 409, "sold_out")
    assert await stock(http, records) == (1, "available")

    # a cart: one payment (one client_secret), one transaction per item, each with its own fee
    cart = await buy(http, sid, bob, (poster, 1), (records, 1))
    assert cart.status_code == 201, cart.text
    poster_sale, records_sale = cart.json()["transactions"]
    assert (poster_sale["product_id"], records_sale["product_id"]) == (poster, records)
    assert poster_sale["checkout_id"] == records_sale["checkout_id"] is not None
    assert (poster_sale["price"], poster_sale["platform_fee"]) == (eur(500), eur(75))
    assert (records_sale["price"], records_sale["platform_fee"]) == (eur(2000), eur(300))
    assert await stock(http, records) == (0, "sold")
    assert await stock(http, poster) == (0, "sold")
    refused(await buy(http, sid, ann, (poster, 1)), 409, "sold_out")

    # the buyer's one card step authorises every sale of the cart; a cancel cancels them all
    paid = await http.post(
        f"/api/v1/payments/simulator/confirm/{poster_sale['id']}", json={"card": SUCCEEDS}, headers=bob.headers
    )
    assert paid.status_code == 200, paid.text
    for t in (poster_sale, records_sale):
        assert (await sale(http, bob, t["id"]))["status"] == "authorized"
    cancelled = await http.post(f"/api/v1/transactions/{records_sale['id']}/cancel", headers=bob.headers)
    assert cancelled.status_code == 200, cancelled.text
    for t in (poster_sale, records_sale):
        assert (await sale(http, bob, t["id"]))["status"] == "cancelled"
    assert await stock(http, records) == (1, "available")  # the cart's units are back
    assert await stock(http, poster) == (1, "available")

    # a second cart, paid and received: both captured, each sale's ledger its own fee + payout
    again = await buy(http, sid, bob, (records, 1), (poster, 1))
    assert again.status_code == 201, again.text
    sales = again.json()["transactions"]
    await http.post(
        f"/api/v1/payments/simulator/confirm/{sales[1]['id']}", json={"card": SUCCEEDS}, headers=bob.headers
    )
    received = await http.post(f"/api/v1/transactions/{sales[0]['id']}/confirm-receipt", headers=bob.headers)
    assert received.status_code == 200, received.text
    for t, fee, payout in ((sales[0], 300, 1700), (sales[1], 75, 425)):
        view = await sale(http, bob, t["id"])
        assert view["status"] == "completed"
        assert (moved(view, "capture"), moved(view, "fee"), moved(view, "payout")) == (fee + payout, fee, payout)
    assert await stock(http, records) == (0, "sold")  # a completed room sale keeps its units

    # a refund is the one transaction's: its ledger gives back its share of fee and payout
    refund = await http.post(
        f"/api/v1/transactions/{sales[0]['id']}/refund", json={"amount": 500}, headers=seller.headers
    )
    assert refund.status_code == 200, refund.text
    refunded, untouched = await sale(http, bob, sales[0]["id"]), await sale(http, bob, sales[1]["id"])
    assert (refunded["status"], untouched["status"]) == ("partially_refunded", "completed")
    assert moved(refunded, "refund") == -500
    assert moved(refunded, "fee") + moved(refunded, "payout") == moved(refunded, "capture") + moved(refunded, "refund")
    assert (moved(refunded, "fee"), moved(refunded, "payout")) == (225, 1275)  # 15 % of the 1,500 kept
    assert (moved(untouched, "refund"), moved(untouched, "fee"), moved(untouched, "payout")) == (0, 75, 425)

    # refusals, each with its code
    refused(await buy(http, sid, seller, (records, 1)), 403, "cannot_buy_own")
    refused(await buy(http, sid, ann, (untagged, 1)), 409, "product_not_tagged")
    refused(await buy(http, sid, ann, (untagged, 1), (untagged, 2)), 400, "invalid_cart")
    refused(await buy(http, sid, ann, (await stocked(http, ann, 1, 10), 1)), 404, "product_not_in_stream")
    nowhere = await buy(http, "00000000-0000-7000-8000-000000000000", ann, (records, 1))
    refused(nowhere, 404, "stream_not_found")
    zero = await http.post(
        f"/api/v1/streams/{sid}/purchases", json={"items": [{"product_id": untagged, "quantity": 0}]},
        headers=ann.headers,
    )  # fmt: skip
    assert zero.status_code == 400

    # the replay of an ended stream still sells what is in stock
    assert (await http.post(f"/api/v1/streams/{sid}/end", headers=seller.headers)).status_code == 200
    late = await buy(http, sid, ann, (records, 1))
    refused(late, 409, "sold_out")
    cancelled_one = await http.post(f"/api/v1/transactions/{one['id']}/cancel", headers=ann.headers)
    assert cancelled_one.status_code == 200, cancelled_one.text
    replayed = await buy(http, sid, bob, (records, 2))
    assert replayed.status_code == 201, replayed.text


async def test_stream_buy_and_the_room_hears_what_is_left(backend_settings: Settings) -> None:
    settings = replace(backend_settings, rate_limit_scale=1000)
    async with serving(create_app(settings)) as address, AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(base_url=f"http://{address}"))
        seller, alice, bob = await register(http), await register(http), await register(http)
        item = await stocked(http, seller, 2, 1500)
        sid = await room(http, seller, [item], [])
        buyer = await stack.enter_async_context(ws_client(address, alice.token))
        watcher = await stack.enter_async_context(ws_client(address, bob.token))
        for client in (buyer, watcher):
            await client.expect("connected")
        assert (await call(watcher, "stream:join", {"stream_id": sid}, "j"))["type"] == "ack"
        tag = {"x": 0.4, "y": 0.4, "timestamp_s": 9}  # shown again: counts a view per viewer in the room
        retagged = await http.post(f"/api/v1/streams/{sid}/products/{item}/tag", json=tag, headers=seller.headers)
        assert retagged.status_code == 200, retagged.text

        ack = await call(buyer, "stream:buy", {"stream_id": sid, "product_id": item, "quantity": 1}, "b1")
        assert ack["type"] == "ack", ack
        [opened] = ack["data"]["transactions"]
        assert (opened["quantity"], opened["price"], opened["buyer_id"]) == (1, eur(1500), alice.id)
        assert ack["data"]["client_secret"]
        assert (await watcher.expect("stream:product:sold"))["data"] == {
            "stream_id": sid,
            "product_id": item,
            "remaining": 1,
        }
        bought = await buy(http, sid, bob, (item, 1))
        assert bought.status_code == 201, bought.text
        assert (await watcher.expect("stream:product:sold"))["data"]["remaining"] == 0
        sold_out = await call(buyer, "stream:buy", {"stream_id": sid, "product_id": item, "quantity": 1}, "b2")
        assert sold_out["type"] == "error"
        assert sold_out["data"]["code"] == "sold_out"
        # the cancelled sale's unit comes back, and the room hears it
        cancelled = await http.post(f"/api/v1/transactions/{opened['id']}/cancel", headers=alice.headers)
        assert cancelled.status_code == 200, cancelled.text
        assert (await watcher.expect("stream:product:sold"))["data"]["remaining"] == 1

        # analytics per product: units and revenue of the sales that stand, buy-now sales per view
        analytics = await http.get(f"/api/v1/streams/{sid}/analytics", headers=seller.headers)
        assert analytics.status_code == 200, analytics.text
        [figures] = analytics.json()["products"]
        assert figures["product_id"] == item
        assert figures["views"] >= 1
        assert (figures["units_sold"], figures["revenue"]) == (1, eur(1500))
        assert figures["buy_now_conversion"] == round(1 / figures["views"], 4)


async def test_parallel_buyers_never_oversell_on_postgres(postgres_settings: Settings) -> None:
    """N buyers at once, each over its own connection, for a product with k units: exactly
    k sales, N - k answers 409 sold_out, and the stock ends at 0."""
    n, k = 24, 5
    # the buyers queue on one row: on a loaded machine the last may wait past the default 5 s
    # for a pooled connection (503 `busy` is not what this test is about)
    settings = replace(postgres_settings, rate_limit_scale=1000, db_pool_timeout_s=60.0)
    async with serving(create_app(settings)) as address, AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(base_url=f"http://{address}", timeout=60))
        seller = await register(http)
        item = await stocked(http, seller, k, 900)
        sid = await room(http, seller, [item], [])
        buyers = [await register(http) for _ in range(n)]
        clients = [
            await stack.enter_async_context(httpx.AsyncClient(base_url=f"http://{address}", timeout=60))
            for _ in range(n)
        ]
        start = asyncio.Event()

        async def one(client: httpx.AsyncClient, who: Person) -> httpx.Response:
            await start.wait()
            return await buy(client, sid, who, (item, 1))

        tasks = [asyncio.create_task(one(c, b)) for c, b in zip(clients, buyers, strict=True)]
        await asyncio.sleep(0.05)
        start.set()
        answers = await asyncio.gather(*tasks)
        statuses = sorted(a.status_code for a in answers)
        assert statuses == [201] * k + [409] * (n - k), [a.text for a in answers if a.status_code not in (201, 409)]
        assert {a.json()["code"] for a in answers if a.status_code == 409} == {"sold_out"}
        assert await stock(http, item) == (0, "sold")
        sold = [a.json()["transactions"][0] for a in answers if a.status_code == 201]
        assert len({t["buyer_id"] for t in sold}) == k


async def test_a_flash_sale_prices_buy_now_and_the_room_hears_it(backend_settings: Settings) -> None:
    settings = replace(backend_settings, rate_limit_scale=1000)
    async with serving(create_app(settings)) as address, AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(base_url=f"http://{address}"))
        seller, alice, bob = await register(http), await register(http), await register(http)
        item, shown = await stocked(http, seller, 5, 2000), await stocked(http, seller, 5, 2000, "Shown")
        sid = await room(http, seller, [item], [shown])
        watcher = await stack.enter_async_context(ws_client(address, bob.token))
        await watcher.expect("connected")
        assert (await call(watcher, "stream:join", {"stream_id": sid}, "j"))["type"] == "ack"
        url = f"/api/v1/streams/{sid}/flash-sales"

        started = await http.post(
            url, json={"product_id": item, "price": eur(1500), "duration_s": 60}, headers=seller.headers
        )
        assert started.status_code == 201, started.text
        flash = started.json()
        assert (flash["price"], flash["stream_id"], flash["ended_at"]) == (eur(1500), sid, None)
        frame = (await watcher.expect("flash_sale:started"))["data"]
        assert (frame["id"], frame["product_id"], frame["price"]) == (flash["id"], item, eur(1500))
        assert frame["ends_at"] == flash["ends_at"]

        # buy-now (and a cart) sells at the flash price, the fee on it
        bought = await buy(http, sid, alice, (item, 2))
        assert bought.status_code == 201, bought.text
        assert (bought.json()["transactions"][0]["price"], bought.json()["transactions"][0]["platform_fee"]) == (
            eur(3000),
            eur(450),
        )

        for body, status, code in (
            ({"product_id": item, "price": eur(1400), "duration_s": 60}, 409, "flash_sale_running"),
            ({"product_id": shown, "price": eur(1000), "duration_s": 60}, 409, "product_not_tagged"),
            ({"product_id": item, "price": eur(2000), "duration_s": 60}, 400, "invalid_flash_sale"),
            (
                {"product_id": item, "price": {"amount": 100, "currency": "USD"}, "duration_s": 60},
                400,
                "invalid_flash_sale",
            ),
            ({"product_id": item, "price": eur(1000), "duration_s": 5}, 400, "validation_error"),
        ):
            refused(await http.post(url, json=body, headers=seller.headers), status, code)
        stranger = await http.post(
            url, json={"product_id": item, "price": eur(1000), "duration_s": 60}, headers=alice.headers
        )
        refused(stranger, 403, "not_stream_owner")


async def test_a_flash_sale_ends_on_time_across_a_restart(deployment: Deployment, tmp_path: Path) -> None:
    """Two flash sales, then the server stops: the first ends while no server runs (the
    restarted one ends it at once, by its sweep), the second ends on time in the restarted
    one; a viewer in the room hears both ends; buy-now is back at the listed price."""
    with souk_serve(tmp_path, deployment) as (base, _):
        http = httpx.Client(base_url=base, timeout=30)
        seller, viewer = _person(http), _person(http)
        early, late = _stocked(http, seller, "Early"), _stocked(http, seller, "Late")
        sid = _room(http, seller, [early, late])
        url = f"/api/v1/streams/{sid}/flash-sales"
        first = http.post(url, json={"product_id": early, "price": eur(900), "duration_s": 10}, headers=seller.headers)
        second = http.post(url, json={"product_id": late, "price": eur(900), "duration_s": 35}, headers=seller.headers)
        assert first.status_code == second.status_code == 201, (first.text, second.text)
    first_end, second_end = _at(first.json()["ends_at"]), _at(second.json()["ends_at"])
    await asyncio.sleep(max(0.0, (first_end - datetime.now(UTC)).total_seconds()) + 1)

    with souk_serve(tmp_path, deployment) as (base, _):
        address = base.removeprefix("http://")
        async with ws_client(address, viewer.token) as socket:
            await socket.expect("connected")
            assert (await call(socket, "stream:join", {"stream_id": sid}, "j"))["type"] == "ack"
            joined = datetime.now(UTC)
            ended = (await socket.expect("flash_sale:ended", timeout=6))["data"]
            assert (ended["id"], ended["product_id"]) == (first.json()["id"], early)
            ended = (await socket.expect("flash_sale:ended", timeout=40))["data"]
            heard = datetime.now(UTC)
            assert (ended["id"], ended["product_id"]) == (second.json()["id"], late)
            # on time: at its end when the server was back by then (a slow restart: right after it)
            assert second_end <= heard <= max(second_end, joined) + timedelta(seconds=4), (second_end, joined, heard)
        http = httpx.Client(base_url=base, timeout=30)
        body = {"items": [{"product_id": late, "quantity": 1}]}
        bought = http.post(f"/api/v1/streams/{sid}/purchases", json=body, headers=viewer.headers)
        assert bought.status_code == 201, bought.text
        assert bought.json()["transactions"][0]["price"] == eur(2000)  # the listed price again


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _person(http: httpx.Client) -> Person:
    made = souk_register(http)
    return Person(made["user"]["id"], made["tokens"]["access_token"])


def _stocked(http: httpx.Client, seller: Person, title: str) -> str:
    category = http.get("/api/v1/categories").json()[0]["children"][0]["id"]
    body = {"title": title, "price": eur(2000), "category_id": category, "condition": "new", "feed_type": "discover"}
    made = http.post("/api/v1/products", json={**body, "quantity": 3}, headers=seller.headers)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def _room(http: httpx.Client, seller: Person, tagged: list[str]) -> str:
    created = http.post("/api/v1/streams", json={"title": "Flash hour", "product_ids": tagged}, headers=seller.headers)
    assert created.status_code == 201, created.text
    sid = str(created.json()["id"])
    assert http.post(f"/api/v1/streams/{sid}/go-live", headers=seller.headers).status_code == 200
    for product_id in tagged:
        tag = {"x": 0.2, "y": 0.2, "timestamp_s": 1}
        assert (
            http.post(f"/api/v1/streams/{sid}/products/{product_id}/tag", json=tag, headers=seller.headers).status_code
            == 200
        )
    return sid


async def test_only_the_audience_buys_from_a_followers_only_stream(api: Api) -> None:
    http = api.client
    seller, fan, stranger = await register(http), await register(http), await register(http)
    item = await stocked(http, seller, 4, 1000)
    sid = await room(http, seller, [item], [])
    narrowed = await http.patch(
        f"/api/v1/streams/{sid}/settings", json={"audience": "followers"}, headers=seller.headers
    )
    assert narrowed.status_code == 200, narrowed.text
    assert (await http.post(f"/api/v1/users/{seller.id}/follow", headers=fan.headers)).status_code == 204
    refused(await buy(http, sid, stranger, (item, 1)), 403, "not_in_audience")
    assert (await buy(http, sid, fan, (item, 1))).status_code == 201
    assert await stock(http, item) == (3, "available")


async def test_a_purchase_retried_with_its_idempotency_key_buys_once(api: Api) -> None:
    http = api.client
    seller, ann = await register(http), await register(http)
    records = await stocked(http, seller, 3, 2000)
    sid = await room(http, seller, [records], [])
    path, body = f"/api/v1/streams/{sid}/purchases", {"items": [{"product_id": records, "quantity": 1}]}
    keyed = {**ann.headers, "Idempotency-Key": "buy-1"}

    first = await http.post(path, json=body, headers=keyed)
    assert first.status_code == 201, first.text
    again = await http.post(path, json=body, headers=keyed)  # the answer was lost: the app retries
    assert again.status_code == 201, again.text
    assert [t["id"] for t in again.json()["transactions"]] == [t["id"] for t in first.json()["transactions"]]
    assert again.json()["client_secret"] == first.json()["client_secret"]
    assert await stock(http, records) == (2, "available")  # one unit taken, not two
    mine = (await http.get("/api/v1/transactions", headers=ann.headers)).json()["items"]
    assert [t["id"] for t in mine] == [first.json()["transactions"][0]["id"]]

    other = {"items": [{"product_id": records, "quantity": 2}]}
    refused(await http.post(path, json=other, headers=keyed), 409, "idempotency_key_reused")
    assert (await buy(http, sid, ann, (records, 1))).status_code == 201  # without a key: a new purchase
    assert await stock(http, records) == (1, "available")

    schema = (await http.get("/schema/openapi.json")).json()
    parameters = schema["paths"]["/api/v1/streams/{stream_id}/purchases"]["post"]["parameters"]
    assert "Idempotency-Key" in {p["name"] for p in parameters if p["in"] == "header"}


async def test_a_stream_buy_frame_resent_with_its_idempotency_key_buys_once(backend_settings: Settings) -> None:
    settings = replace(backend_settings, rate_limit_scale=1000)
    async with serving(create_app(settings)) as address, AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(base_url=f"http://{address}"))
        seller, ann = await register(http), await register(http)
        records = await stocked(http, seller, 3, 2000)
        sid = await room(http, seller, [records], [])
        buyer = await stack.enter_async_context(ws_client(address, ann.token))
        await buyer.expect("connected")
        frame = {"stream_id": sid, "product_id": records, "quantity": 1, "idempotency_key": "buy-1"}

        first = await call(buyer, "stream:buy", frame, "b1")
        assert first["type"] == "ack", first
        again = await call(buyer, "stream:buy", frame, "b2")  # the ack was lost: the app resends
        assert again["type"] == "ack", again
        assert again["data"] == first["data"]
        assert await stock(http, records) == (2, "available")  # one unit taken, not two
        # the REST door shares the key: the same purchase, nothing more bought
        rest = await http.post(
            f"/api/v1/streams/{sid}/purchases",
            json={"items": [{"product_id": records, "quantity": 1}]},
            headers={**ann.headers, "Idempotency-Key": "buy-1"},
        )
        assert rest.status_code == 201, rest.text
        assert [t["id"] for t in rest.json()["transactions"]] == [t["id"] for t in first["data"]["transactions"]]

        reused = await call(buyer, "stream:buy", {**frame, "quantity": 2}, "b3")
        assert (reused["type"], reused["data"]["code"]) == ("error", "idempotency_key_reused")
        unkeyed = await call(buyer, "stream:buy", {k: v for k, v in frame.items() if k != "idempotency_key"}, "b4")
        assert unkeyed["type"] == "ack", unkeyed  # without a key: a new purchase
        assert await stock(http, records) == (1, "available")
