"""Haggling live: offer frames run the REST use cases; both sides and the public feed of
the product see every move as it happens, whichever door made it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from litestar import Litestar

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.e2e.realtime_support import ask, next_of, online, rest
from tests.e2e.ws_support import serving


def money(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "EUR"}


@pytest.fixture
def app(backend_settings: Settings) -> Litestar:
    return create_app(replace(backend_settings, rate_limit_scale=1000))


async def test_offer_moves_reach_both_sides_and_the_feed(app: Litestar) -> None:
    async with serving(app) as address, rest(address) as api:
        seller, buyer, watcher = await api.person(), await api.person(), await api.person()
        product = await api.product(seller)
        async with (
            online(address, seller) as seller_phone,
            online(address, buyer) as buyer_phone,
            online(address, watcher) as watcher_phone,
        ):
            subscribed = await ask(watcher_phone, "offer:feed:subscribe", {"product_id": product}, "f1")
            assert subscribed["type"] == "ack"
            history = await next_of(watcher_phone, "offer:feed:history")
            assert history["data"] == {"product_id": product, "items": []}

            made = await ask(buyer_phone, "offer:create", {"product_id": product, "price": money(20000)}, "o1")
            assert made["type"] == "ack", made
            offer = made["data"]
            assert (offer["status"], offer["turn"], offer["price"]) == ("pending", "seller", money(20000))
            assert (await next_of(seller_phone, "offer:new"))["data"] == offer
            assert (await next_of(buyer_phone, "offer:created"))["data"] == offer
            feed_new = await next_of(watcher_phone, "offer:feed:new")
            rest_feed = (await api.http.get(f"/api/v1/products/{product}/offers/feed")).json()
            assert feed_new["data"] == {"product_id": product, "item": rest_feed["items"][0]}
            assert buyer.id not in str(feed_new)
            offer_message = await next_of(seller_phone, "message:new", message_type="offer")
            assert offer_message["data"]["offer"]["id"] == offer["id"]

            no_price = await ask(seller_phone, "offer:respond", {"offer_id": offer["id"], "action": "counter"}, "c0")
            assert no_price["data"]["code"] == "validation_error"
            body = {"offer_id": offer["id"], "action": "counter", "price": money(23000)}
            countered = await ask(seller_phone, "offer:respond", body, "c1")
            assert (countered["data"]["status"], countered["data"]["turn"]) == ("countered", "buyer")
            for phone in (buyer_phone, seller_phone):
                update = await next_of(phone, "offer:updated", status="countered")
                assert update["data"] == countered["data"]

            accepted = await api.http.patch(f"/api/v1/offers/{offer['id']}/accept", headers=buyer.auth)
            assert accepted.status_code == 200, accepted.text
            for phone in (buyer_phone, seller_phone):
                update = await next_of(phone, "offer:updated", status="accepted")
                assert update["data"] == accepted.json()["offer"]
            system = await next_of(seller_phone, "message:new", message_type="system")
            assert system["data"]["offer"]["status"] == "accepted"

            unsubscribed = await ask(watcher_phone, "offer:feed:unsubscribe", {"product_id": product}, "f2")
            assert unsubscribed["type"] == "ack"


async def test_offer_frames_answer_errors_like_rest(app: Litestar) -> None:
    async with serving(app) as address, rest(address) as api:
        seller, buyer, stranger = await api.person(), await api.person(), await api.person()
        product = await api.product(seller)
        made = await api.http.post(
            "/api/v1/offers", json={"product_id": product, "price": money(20000)}, headers=buyer.auth
        )
        offer_id = made.json()["id"]
        async with online(address, stranger) as phone, online(address, seller) as seller_phone:
            refused = await ask(phone, "offer:respond", {"offer_id": offer_id, "action": "accept"}, "a")
            assert refused["data"]["code"] == "offer_not_found"
            own = await ask(seller_phone, "offer:create", {"product_id": product, "price": money(100)}, "b")
            assert own["data"]["code"] == "own_product"
            withdraw = await ask(seller_phone, "offer:respond", {"offer_id": offer_id, "action": "withdraw"}, "c")
            assert withdraw["data"]["code"] == "only_buyer_may_withdraw"
            missing = await ask(phone, "offer:feed:subscribe", {"product_id": offer_id}, "d")
            assert missing["data"]["code"] == "product_not_found"
        offer = (await api.http.get(f"/api/v1/offers/{offer_id}", headers=buyer.auth)).json()
        assert offer["status"] == "pending"
