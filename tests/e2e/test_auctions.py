"""Live auctions over the wire, on both deployments with the card simulator: a seller
auctions a tagged product of a live stream; viewers with a saved card bid over the
WebSocket; the room hears every bid, the anti-sniping extension and the result; the
rules (increments, no card, the seller's own auction, someone else's stream, a product
not in the stream, one running auction per product) answer their codes."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import uuid4

import httpx

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.e2e.test_live_room import Person, call, live_stream, product, register
from tests.e2e.ws_support import Client, serving, ws_client

CHARGE_DECLINED = "4000000000000341"


def eur(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "EUR"}


async def save_card(http: httpx.AsyncClient, person: Person, card: str | None = None) -> dict[str, Any]:
    saved = await http.post("/api/v1/payments/methods", json={"card": card} if card else {}, headers=person.headers)
    assert saved.status_code == 201, saved.text
    return dict(saved.json())


async def tag(http: httpx.AsyncClient, seller: Person, sid: str, pid: str) -> None:
    body = {"x": 0.5, "y": 0.5, "timestamp_s": 1}
    tagged = await http.post(f"/api/v1/streams/{sid}/products/{pid}/tag", json=body, headers=seller.headers)
    assert tagged.status_code == 200, tagged.text


async def bid(client: Client, auction_id: str, amount: int, ref: str) -> dict[str, Any]:
    return await call(client, "auction:bid", {"auction_id": auction_id, "amount": eur(amount)}, ref)


def refused(frame: dict[str, Any], code: str) -> None:
    assert frame["type"] == "error", frame
    assert frame["data"]["code"] == code, frame


async def test_saved_cards_on_the_simulator(backend_settings: Settings) -> None:
    app = create_app(replace(backend_settings, rate_limit_scale=1000))
    async with serving(app) as address, httpx.AsyncClient(base_url=f"http://{address}") as http:
        buyer, other = await register(http), await register(http)
        assert (await http.get("/api/v1/payments/methods", headers=buyer.headers)).json() == []
        saved = await save_card(http, buyer)
        assert (saved["status"], saved["last4"], saved["provider"]) == ("ready", "4242", "simulated")
        assert "client_secret" not in saved
        declined = await http.post("/api/v1/payments/methods", json={"card": "4000000000000002"}, headers=buyer.headers)
        assert (declined.status_code, declined.json()["code"]) == (409, "card_declined")
        unknown = await http.post("/api/v1/payments/methods", json={"card": "1234"}, headers=buyer.headers)
        assert (unknown.status_code, unknown.json()["code"]) == (400, "validation_error")
        await save_card(http, buyer, CHARGE_DECLINED)
        mine = (await http.get("/api/v1/payments/methods", headers=buyer.headers)).json()
        assert [m["last4"] for m in mine] == ["0341", "4242"]  # newest first; the declined one not saved
        assert (await http.get("/api/v1/payments/methods", headers=other.headers)).json() == []
        assert (await http.post("/api/v1/payments/methods", json={})).status_code == 401


async def test_an_auction_in_the_room(backend_settings: Settings) -> None:
    settings = replace(backend_settings, rate_limit_scale=1000, auction_extend_s=3, auction_sweep_s=0.1)
    async with serving(create_app(settings)) as address, AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(base_url=f"http://{address}"))
        seller, alice, bob, carol = (
            await register(http),
            await register(http),
            await register(http),
            await register(http),
        )
        lamp, vase = await product(http, seller), await product(http, seller, "Vase")
        sid = await live_stream(http, seller, [lamp, vase])
        auctions = f"/api/v1/streams/{sid}/auctions"
        body = {"product_id": lamp, "starting_price": eur(1000), "duration_s": 5}

        # the product must be tagged first; the body's rules
        not_tagged = await http.post(auctions, json=body, headers=seller.headers)
        assert (not_tagged.status_code, not_tagged.json()["code"]) == (409, "product_not_tagged")
        await tag(http, seller, sid, lamp)
        for bad in ({**body, "duration_s": 4}, {**body, "duration_s": 121}, {**body, "starting_price": eur(0)}):
            assert (await http.post(auctions, json=bad, headers=seller.headers)).status_code == 400
        stranger = await http.post(auctions, json=body, headers=alice.headers)
        assert (stranger.status_code, stranger.json()["code"]) == (403, "not_stream_owner")
        elsewhere = {**body, "product_id": await product(http, alice)}
        missing = await http.post(auctions, json=elsewhere, headers=seller.headers)
        assert (missing.status_code, missing.json()["code"]) == (404, "product_not_in_stream")

        host = await stack.enter_async_context(ws_client(address, seller.token))
        clients = {p.id: await stack.enter_async_context(ws_client(address, p.token)) for p in (alice, bob, carol)}
        a, b, c = clients[alice.id], clients[bob.id], clients[carol.id]
        for client in (host, a, b, c):
            await client.expect("connected")
        assert (await call(host, "stream:prepare", {"stream_id": sid}, "p"))["type"] == "ack"
        for client in (a, b):
            assert (await call(client, "stream:join", {"stream_id": sid}, "j"))["type"] == "ack"
        await save_card(http, alice)
        await save_card(http, bob)

        started = await http.post(auctions, json=body, headers=seller.headers)
        assert started.status_code == 201, started.text
        auction = started.json()
        aid = auction["auction_id"]
        assert (auction["status"], auction["current_bid"], auction["minimum_bid"]) == ("running", None, eur(1000))
        again = await http.post(auctions, json=body, headers=seller.headers)
        assert (again.status_code, again.json()["code"]) == (409, "auction_running")
        for client in (a, b, host):
            assert (await client.expect("auction:started"))["data"]["auction_id"] == aid

        refused(await bid(c, aid, 1000, "c0"), "auction_not_found")  # carol is not in the room
        assert (await call(c, "stream:join", {"stream_id": sid}, "j"))["type"] == "ack"
        refused(await bid(c, aid, 1000, "c1"), "payment_method_required")  # no saved card
        refused(await bid(host, aid, 1000, "s1"), "cannot_bid_on_own_auction")
        refused(await bid(a, aid, 999, "a0"), "bid_too_low")
        refused(await call(a, "auction:bid", {"auction_id": aid, "amount": {"amount": 2000, "currency": "USD"}},
                           "a-usd"), "invalid_bid")  # fmt: skip

        first = await bid(a, aid, 1000, "a1")
        assert first["type"] == "ack", first
        assert (first["data"]["current_bid"], first["data"]["minimum_bid"]) == (eur(1000), eur(1050))  # 10-25: +0.50
        heard = (await b.expect("auction:bid"))["data"]
        assert (heard["leader"], heard["current_bid"], heard["bids"]) == (first["data"]["leader"], eur(1000), 1)
        refused(await bid(b, aid, 1049, "b0"), "bid_too_low")

        # whoever joins now reads the running auction (a public stream: no token needed), then the frames
        listed = await http.get(auctions)
        assert listed.status_code == 200, listed.text
        assert [(x["auction_id"], x["status"], x["current_bid"], x["minimum_bid"]) for x in listed.json()] == [
            (aid, "running", eur(1000), eur(1050))
        ]
        assert (await http.get(f"/api/v1/streams/{uuid4()}/auctions")).json()["code"] == "stream_not_found"

        # a bid in the last 3 s pushes the end to 3 s after it
        await asyncio.sleep(max(0.0, (datetime.fromisoformat(auction["ends_at"]) - _now()).total_seconds() - 2))
        late = await bid(b, aid, 1100, "b1")
        assert late["type"] == "ack", late
        extended = (await a.expect("auction:extended"))["data"]
        assert datetime.fromisoformat(extended["ends_at"]) > datetime.fromisoformat(auction["ends_at"])
        assert extended["leader"] == late["data"]["leader"]

        ended = (await a.expect("auction:ended", timeout=8))["data"]
        assert (ended["status"], ended["winner"], ended["current_bid"]) == ("ended", late["data"]["leader"], eur(1100))
        for client in (b, host):
            assert (await client.expect("auction:ended", timeout=3))["data"]["winner"] == ended["winner"]
        refused(await bid(a, aid, 5000, "a2"), "auction_ended")

        # the product may be auctioned again; a sudden-death auction never extends
        sudden = {**body, "product_id": vase, "duration_s": 5, "sudden_death": True}
        await tag(http, seller, sid, vase)
        second = (await http.post(auctions, json=sudden, headers=seller.headers)).json()
        await asyncio.sleep(max(0.0, (datetime.fromisoformat(second["ends_at"]) - _now()).total_seconds() - 1))
        await save_card(http, carol, CHARGE_DECLINED)  # saves, but its charges are declined
        sniped = await bid(c, second["auction_id"], 1000, "c2")
        assert sniped["type"] == "ack", sniped
        assert sniped["data"]["ends_at"] == second["ends_at"]
        finished = (await b.expect("auction:ended", timeout=5))["data"]
        assert finished["auction_id"] == second["auction_id"]
        assert finished["winner"] == sniped["data"]["leader"]

        # the winner was charged once off-session: one completed sale at the final price, the seller paid;
        # carol's card refused the charge: her sale is cancelled and the vase is back in stock
        figures = await settled(http, seller, sid, 2)
        assert [(f["product_id"], f["bids"], f["final_price"], f["outcome"]) for f in figures] == [
            (lamp, 2, eur(1100), "sold"),
            (vase, 1, eur(1000), "declined"),
        ]
        bought = (await http.get("/api/v1/transactions", headers=bob.headers)).json()["items"]
        assert [(t["product_id"], t["status"], t["price"]) for t in bought] == [(lamp, "completed", eur(1100))]
        assert (await http.get("/api/v1/transactions", headers=alice.headers)).json()["items"] == []
        refused_sale = (await http.get("/api/v1/transactions", headers=carol.headers)).json()["items"]
        assert [(t["product_id"], t["status"]) for t in refused_sale] == [(vase, "cancelled")]
        balance = (await http.get("/api/v1/payments/balance", headers=seller.headers)).json()
        assert balance == [{"currency": "EUR", "pending": 0, "available": 935, "paid_out": 0}]  # 1100 - 15 %
        assert (await http.get(f"/api/v1/products/{vase}")).json()["status"] == "available"
        assert (await http.get(f"/api/v1/products/{lamp}")).json()["status"] == "sold"

        # the winner, and only the winner, hears the outcome: bob won the lamp, carol's card refused the vase
        won = await auction_news(http, bob, wait=True)
        assert [(n["type"], n["data"]["product_id"], n["data"]["title"], n["data"]["price"]) for n in won] == [
            ("auction_won", lamp, "Brass lamp", eur(1100))
        ]
        assert won[0]["data"]["transaction_id"] == bought[0]["id"]
        declined = await auction_news(http, carol, wait=True)
        assert [(n["type"], n["data"]["product_id"], n["data"]["price"]) for n in declined] == [
            ("auction_payment_declined", vase, eur(1000))
        ]
        for bystander in (alice, seller):
            assert await auction_news(http, bystander) == []


async def auction_news(http: httpx.AsyncClient, person: Person, wait: bool = False) -> list[dict[str, Any]]:
    """The person's auction notifications (``wait``: until there is one)."""
    async with asyncio.timeout(5):
        while True:
            items = (await http.get("/api/v1/notifications", headers=person.headers)).json()["items"]
            found = [n for n in items if n["type"] in ("auction_won", "auction_payment_declined")]
            if found or not wait:
                return found
            await asyncio.sleep(0.1)


async def settled(http: httpx.AsyncClient, seller: Person, sid: str, count: int) -> list[dict[str, Any]]:
    """The stream's auctions from its analytics, once ``count`` of them have an outcome."""
    async with asyncio.timeout(10):
        while True:
            analytics = await http.get(f"/api/v1/streams/{sid}/analytics", headers=seller.headers)
            assert analytics.status_code == 200, analytics.text
            auctions: list[dict[str, Any]] = analytics.json()["auctions"]
            if sum(1 for a in auctions if a["outcome"]) >= count:
                return auctions
            await asyncio.sleep(0.1)


def _now() -> datetime:
    from datetime import UTC

    return datetime.now(UTC)
