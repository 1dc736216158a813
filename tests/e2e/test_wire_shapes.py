"""One wire shape per thing: what a WebSocket frame carries is, to the character, what REST
answers for the same thing (both doors build the structs of entrypoints/wire). One test per
shape: offer, message (with and without its offer), transaction, notification, feed item,
stream, stream product."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from litestar import Litestar

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.e2e.realtime_support import Rest, ask, next_of, online, rest
from tests.e2e.ws_support import serving

EUR = "EUR"


@pytest.fixture
def app(backend_settings: Settings) -> Litestar:
    return create_app(replace(backend_settings, rate_limit_scale=1000))


async def make_offer(api: Rest, buyer: Any, product: str, amount: int) -> dict[str, Any]:
    body = {"product_id": product, "price": {"amount": amount, "currency": EUR}}
    response = await api.http.post("/api/v1/offers", json=body, headers=buyer.auth)
    assert response.status_code == 201, response.text
    offer: dict[str, Any] = response.json()
    return offer


async def rest_get(api: Rest, path: str, who: Any) -> Any:
    response = await api.http.get(path, headers=who.auth)
    assert response.status_code == 200, response.text
    return response.json()


async def test_an_offer_frame_is_the_rest_offer(app: Litestar) -> None:
    async with serving(app) as address, rest(address) as api:
        seller, buyer = await api.person(), await api.person()
        product = await api.product(seller)
        async with online(address, seller) as seller_phone, online(address, buyer) as buyer_phone:
            made = await make_offer(api, buyer, product, 20000)
            frame = (await next_of(seller_phone, "offer:new"))["data"]
            assert frame == made == await rest_get(api, f"/api/v1/offers/{made['id']}", seller)
            assert (await next_of(buyer_phone, "offer:created"))["data"] == made
            countered = await api.http.patch(
                f"/api/v1/offers/{made['id']}/counter",
                json={"price": {"amount": 23000, "currency": EUR}},
                headers=seller.auth,
            )
            assert countered.status_code == 200, countered.text
            update = (await next_of(buyer_phone, "offer:updated", status="countered"))["data"]
            assert update == countered.json() == await rest_get(api, f"/api/v1/offers/{made['id']}", buyer)
            assert len(update["history"]) == 2


async def test_a_message_frame_is_the_rest_message_with_and_without_its_offer(app: Litestar) -> None:
    async with serving(app) as address, rest(address) as api:
        seller, buyer = await api.person(), await api.person()
        product = await api.product(seller)
        async with online(address, seller) as seller_phone:
            offer = await make_offer(api, buyer, product, 15000)
            about_offer = (await next_of(seller_phone, "message:new", message_type="offer"))["data"]
            conversation = offer["conversation_id"]
            said = await api.say(buyer, conversation, "Is it still there?")
            text = (await next_of(seller_phone, "message:new", message_type="text"))["data"]
        listed = await rest_get(api, f"/api/v1/conversations/{conversation}/messages", seller)
        by_id = {m["id"]: m for m in listed["items"]}
        assert about_offer == by_id[about_offer["id"]]
        assert about_offer["offer"] == offer
        assert text == said == by_id[said["id"]]
        assert text["offer"] is None


async def test_an_accepted_sale_over_the_socket_is_the_rest_transaction(app: Litestar) -> None:
    async with serving(app) as address, rest(address) as api:
        seller, buyer = await api.person(), await api.person()
        product = await api.product(seller)
        offer = await make_offer(api, buyer, product, 20000)
        async with online(address, seller) as seller_phone:
            accepted = await ask(seller_phone, "offer:respond", {"offer_id": offer["id"], "action": "accept"}, "a1")
        assert accepted["type"] == "ack", accepted
        sale = accepted["data"]["transaction"]
        assert sale == await rest_get(api, f"/api/v1/transactions/{sale['id']}", buyer)
        assert accepted["data"]["offer"] == await rest_get(api, f"/api/v1/offers/{offer['id']}", buyer)
        assert (sale["platform_fee"]["amount"], sale["fee_rate_bps"]) == (1000, 500)  # a free seller, community


async def test_a_notification_frame_is_the_rest_notification(app: Litestar) -> None:
    async with serving(app) as address, rest(address) as api:
        seller, fan = await api.person(), await api.person()
        async with online(address, seller) as seller_phone:
            followed = await api.http.post(f"/api/v1/users/{seller.id}/follow", headers=fan.auth)
            assert followed.status_code == 204, followed.text
            frame = (await next_of(seller_phone, "notification:new", timeout=10))["data"]
        [listed] = (await rest_get(api, "/api/v1/notifications", seller))["items"]
        assert frame == listed
        assert (frame["type"], frame["data"], frame["read_at"]) == ("new_follower", {"follower_id": fan.id}, None)


async def test_a_feed_frame_item_is_the_rest_feed_item(app: Litestar) -> None:
    async with serving(app) as address, rest(address) as api:
        seller, buyer, watcher = await api.person(), await api.person(), await api.person()
        product = await api.product(seller)
        async with online(address, watcher) as watcher_phone:
            assert (await ask(watcher_phone, "offer:feed:subscribe", {"product_id": product}, "f1"))["type"] == "ack"
            await next_of(watcher_phone, "offer:feed:history")
            await make_offer(api, buyer, product, 12000)
            item = (await next_of(watcher_phone, "offer:feed:new"))["data"]
        feed = await rest_get(api, f"/api/v1/products/{product}/offers/feed", watcher)
        assert item == {"product_id": product, "item": feed["items"][0]}


async def draft_stream(api: Rest, seller: Any, product: str) -> str:
    body = {"title": "Evening show", "product_ids": [product]}
    response = await api.http.post("/api/v1/streams", json=body, headers=seller.auth)
    assert response.status_code == 201, response.text
    stream_id: str = response.json()["id"]
    return stream_id


async def test_a_stream_frame_is_the_rest_stream(app: Litestar) -> None:
    async with serving(app) as address, rest(address) as api:
        seller, viewer = await api.person(), await api.person()
        sid = await draft_stream(api, seller, await api.product(seller))
        async with online(address, viewer) as phone:
            assert (await ask(phone, "stream:join", {"stream_id": sid}, "j1"))["type"] == "ack"
            went_live = await api.http.post(f"/api/v1/streams/{sid}/go-live", headers=seller.auth)
            assert went_live.status_code == 200, went_live.text
            live = (await next_of(phone, "stream:live"))["data"]
            assert live == went_live.json()["stream"] == await rest_get(api, f"/api/v1/streams/{sid}", seller)
            assert (live["status"], live["viewers_count"]) == ("live", 1)
            ended = await api.http.post(f"/api/v1/streams/{sid}/end", headers=seller.auth)
            assert ended.status_code == 200, ended.text
            frame = (await next_of(phone, "stream:ended"))["data"]
            assert frame == ended.json()["stream"] == await rest_get(api, f"/api/v1/streams/{sid}", seller)
            assert frame["status"] == "ended"


async def test_a_stream_product_frame_is_the_rest_stream_product(app: Litestar) -> None:
    async with serving(app) as address, rest(address) as api:
        seller, viewer = await api.person(), await api.person()
        product = await api.product(seller)
        sid = await draft_stream(api, seller, product)
        async with online(address, viewer) as phone:
            joined = await ask(phone, "stream:join", {"stream_id": sid}, "j1")
            [listed] = await rest_get(api, f"/api/v1/streams/{sid}/products", viewer)
            assert joined["data"]["products"] == [listed]
            assert joined["data"]["stream"] == await rest_get(api, f"/api/v1/streams/{sid}", seller)
            tag = {"x": 0.25, "y": 0.5, "timestamp_s": 12, "featured": True}
            tagged = await api.http.post(f"/api/v1/streams/{sid}/products/{product}/tag", json=tag, headers=seller.auth)
            assert tagged.status_code == 200, tagged.text
            frame = (await next_of(phone, "stream:product:tagged"))["data"]
            assert (await next_of(phone, "stream:product:featured"))["data"] == frame
        assert frame == tagged.json() == (await rest_get(api, f"/api/v1/streams/{sid}/products", viewer))[0]
        assert frame["product"] == await rest_get(api, f"/api/v1/products/{product}", viewer)
        assert (frame["x"], frame["featured"]) == (0.25, True)
