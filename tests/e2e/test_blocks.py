"""Issue 17, blocks: either side of a block can no longer message, offer, follow, comment
on, like or join the live room of the other, neither sees the other's listings, profile,
comments or offers, and follows end — over REST and the WebSocket, on both deployments."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx
import pytest

from souk.bootstrap.http_app import create_app
from tests.e2e.conftest import Api
from tests.e2e.realtime_support import ask, online, rest
from tests.e2e.test_audience_recheck import DEPLOYMENTS, deployment, joined
from tests.e2e.test_catalog import create
from tests.e2e.test_live_room import call, live_stream, product, register
from tests.e2e.ws_support import serving, ws_client


def ids(page: dict[str, Any]) -> set[str]:
    return {item["id"] for item in page["items"]}


async def refused(response: httpx.Response, code: str = "blocked", status: int = 403) -> None:
    assert (response.status_code, response.json()["code"]) == (status, code), response.text


async def test_a_block_shuts_both_sides_out_on_every_rest_surface(api: Api) -> None:
    c = api.client
    sam, bea, other = await api.register(), await api.register(), await api.register()
    sam_id, bea_id = sam["user"]["id"], bea["user"]["id"]
    title = f"Blockable lamp {bea_id[:8]}"
    sams = await create(api, sam, title=title, feed_type="discover")
    sams_local = await create(api, sam, title=title)  # community
    beas = await create(api, bea)
    S, B = api.bearer(sam), api.bearer(bea)
    assert (await c.post(f"/api/v1/users/{sam_id}/follow", headers=B)).status_code == 204
    assert (await c.post(f"/api/v1/users/{bea_id}/follow", headers=S)).status_code == 204
    comment = await c.post(f"/api/v1/products/{sams['id']}/comments", json={"content": "nice"}, headers=B)
    assert comment.status_code == 201, comment.text
    conversation = await c.post("/api/v1/conversations", json={"other_user_id": sam_id}, headers=B)
    conversation_id = conversation.json()["id"]
    # a third person's product whose offer feed shows Bea's offer (as an alias)
    thirds = await create(api, other, feed_type="discover")
    bid = {"product_id": thirds["id"], "price": {"amount": 20000, "currency": "EUR"}}
    assert (await c.post("/api/v1/offers", json=bid, headers=B)).status_code == 201
    feed = f"/api/v1/products/{thirds['id']}/offers/feed"
    assert len((await c.get(feed, headers=S)).json()["items"]) == 1

    assert (await c.post(f"/api/v1/users/{bea_id}/block", headers=S)).status_code == 204
    assert (await c.post(f"/api/v1/users/{bea_id}/block", headers=S)).status_code == 204  # idempotent
    blocks = (await c.get("/api/v1/users/me/blocks", headers=S)).json()
    assert [b["id"] for b in blocks["items"]] == [bea_id]
    assert blocks["items"][0]["blocked_at"]
    assert (await c.get("/api/v1/users/me/blocks", headers=B)).json()["items"] == []

    # follows either way are gone
    assert bea_id not in ids((await c.get(f"/api/v1/users/{sam_id}/followers")).json())
    assert sam_id not in ids((await c.get(f"/api/v1/users/{bea_id}/followers")).json())
    # neither may act on the other (the blocked one, nor the blocker)
    for me, them, theirs in ((B, sam_id, sams), (S, bea_id, beas)):
        await refused(await c.post(f"/api/v1/users/{them}/follow", headers=me))
        await refused(await c.post(f"/api/v1/products/{theirs['id']}/like", headers=me))
        body = {"content": "hello"}
        await refused(await c.post(f"/api/v1/products/{theirs['id']}/comments", json=body, headers=me))
        await refused(await c.post("/api/v1/conversations", json={"other_user_id": them}, headers=me))
        offer = {"product_id": theirs["id"], "price": {"amount": 20000, "currency": "EUR"}}
        await refused(await c.post("/api/v1/offers", json=offer, headers=me))
        message = {"message_type": "text", "content": "still there?"}
        await refused(await c.post(f"/api/v1/conversations/{conversation_id}/messages", json=message, headers=me))
        # neither sees the other: profile, product, discover, search, community
        await refused(await c.get(f"/api/v1/users/{them}", headers=me), "user_not_found", 404)
        await refused(await c.get(f"/api/v1/products/{theirs['id']}", headers=me), "product_not_found", 404)
    discover = (await c.get("/api/v1/feeds/discover?limit=100", headers=B)).json()
    assert sams["id"] not in ids(discover)
    assert sams["id"] in ids((await c.get("/api/v1/feeds/discover?limit=100")).json())
    assert sams["id"] in ids((await c.get("/api/v1/feeds/discover?limit=100", headers=api.bearer(other))).json())
    search = f"/api/v1/products/search?q={title.replace(' ', '+')}"
    assert ids((await c.get(search, headers=B)).json()) == set()
    assert ids((await c.get(search)).json()) == {sams["id"], sams_local["id"]}
    community = "/api/v1/feeds/community?lat=48.8566&lng=2.3522&limit=100"
    assert sams_local["id"] not in ids((await c.get(community, headers=B)).json())
    assert sams_local["id"] in ids((await c.get(community)).json())
    assert (await c.get(f"/api/v1/users/{sam_id}")).status_code == 200  # others still see them
    # the comment Bea wrote is hidden from Sam, not from others
    comments = f"/api/v1/products/{sams['id']}/comments"
    assert (await c.get(comments, headers=S)).json()["items"] == []
    assert len((await c.get(comments)).json()["items"]) == 1
    # offer feeds: none of the seller's for Bea; none of Bea's offers for Sam
    sams_feed = f"/api/v1/products/{sams['id']}/offers/feed"
    await refused(await c.get(sams_feed, headers=B), "product_not_found", 404)
    assert (await c.get(sams_feed)).status_code == 200
    assert (await c.get(feed, headers=S)).json()["items"] == []
    assert len((await c.get(feed)).json()["items"]) == 1
    # nothing was written by the refused attempts
    history = (await c.get(f"/api/v1/conversations/{conversation_id}/messages", headers=B)).json()
    assert history["items"] == []

    # unblocking lifts the rule (follows stay gone)
    assert (await c.delete(f"/api/v1/users/{bea_id}/block", headers=S)).status_code == 204
    assert (await c.delete(f"/api/v1/users/{bea_id}/block", headers=S)).status_code == 204
    assert (await c.get("/api/v1/users/me/blocks", headers=S)).json()["items"] == []
    assert bea_id not in ids((await c.get(f"/api/v1/users/{sam_id}/followers")).json())
    assert (await c.post(f"/api/v1/users/{sam_id}/follow", headers=B)).status_code == 204
    assert sams["id"] in ids((await c.get("/api/v1/feeds/discover?limit=100", headers=B)).json())


async def test_blocking_oneself_or_nobody_and_anonymous_are_refused(api: Api) -> None:
    me = await api.register()
    own = f"/api/v1/users/{me['user']['id']}/block"
    await refused(await api.client.post(own, headers=api.bearer(me)), "cannot_block_self", 403)
    nobody = "/api/v1/users/00000000-0000-7000-8000-000000000000/block"
    await refused(await api.client.post(nobody, headers=api.bearer(me)), "user_not_found", 404)
    assert (await api.client.post(own)).status_code == 401
    assert (await api.client.get("/api/v1/users/me/blocks")).status_code == 401


async def test_blocked_people_cannot_message_or_offer_over_the_socket(backend_settings: Any) -> None:
    app = create_app(replace(backend_settings, rate_limit_scale=1000))
    async with serving(app) as address, rest(address) as api:
        seller, buyer = await api.person(), await api.person()
        product_id = await api.product(seller)
        conversation = await api.conversation(buyer, seller)
        blocked = await api.http.post(f"/api/v1/users/{buyer.id}/block", headers=seller.auth)
        assert blocked.status_code == 204
        async with online(address, buyer) as phone:
            body = {"conversation_id": conversation, "message_type": "text", "content": "hi"}
            answer = await ask(phone, "message:send", body, "m1")
            assert (answer["type"], answer["data"]["code"]) == ("error", "blocked")
            offer = {"product_id": product_id, "price": {"amount": 20000, "currency": "EUR"}}
            answer = await ask(phone, "offer:create", offer, "o1")
            assert (answer["type"], answer["data"]["code"]) == ("error", "blocked")
            answer = await ask(phone, "offer:feed:subscribe", {"product_id": product_id}, "f1")
            assert (answer["type"], answer["data"]["code"]) == ("error", "product_not_found")
        async with online(address, seller) as phone:
            body = {"conversation_id": conversation, "message_type": "text", "content": "hi"}
            answer = await ask(phone, "message:send", body, "m2")
            assert (answer["type"], answer["data"]["code"]) == ("error", "blocked")
        history = await api.http.get(f"/api/v1/conversations/{conversation}/messages", headers=seller.auth)
        assert history.json()["items"] == []


@pytest.mark.parametrize("kind", DEPLOYMENTS)
async def test_a_block_takes_the_viewer_out_of_the_live_room_and_keeps_them_out(
    kind: str, request: pytest.FixtureRequest
) -> None:
    async with deployment(kind, request) as (rest_at, ws_at), httpx.AsyncClient(base_url=f"http://{rest_at}") as http:
        seller, viewer, bystander = await register(http), await register(http), await register(http)
        sid = await live_stream(http, seller, [await product(http, seller)])
        async with ws_client(ws_at, viewer.token) as gone, ws_client(ws_at, bystander.token) as kept:
            await joined(gone, sid, "g1")
            await joined(kept, sid, "k1")
            blocked = await http.post(f"/api/v1/users/{viewer.id}/block", headers=seller.headers)
            assert blocked.status_code == 204
            frame = await gone.expect("stream:removed", timeout=10)
            assert frame["data"]["stream_id"] == sid
            again = await call(gone, "stream:join", {"stream_id": sid}, "g2")
            assert (again["type"], again["data"]["code"]) == ("error", "blocked")
            chat = await call(kept, "stream:chat", {"stream_id": sid, "content": "still here"}, "k2")
            assert chat["type"] == "ack"
            like = await http.post(f"/api/v1/streams/{sid}/like", headers=viewer.headers)
            assert (like.status_code, like.json()["code"]) == (403, "blocked")
            listed = (await http.get("/api/v1/streams?status=live", headers=viewer.headers)).json()
            assert sid not in ids(listed)
            assert (await http.get(f"/api/v1/streams/{sid}", headers=viewer.headers)).status_code == 404
            assert (await http.get(f"/api/v1/streams/{sid}", headers=bystander.headers)).status_code == 200


@pytest.mark.parametrize("kind", DEPLOYMENTS)
async def test_a_live_offer_feed_line_skips_whoever_is_in_a_block_with_the_buyer(
    kind: str, request: pytest.FixtureRequest
) -> None:
    """The offer feed's history hides a blocked buyer's offers; its live line must too: the
    offer is made over REST on one process, the watchers' sockets are on the other."""
    async with deployment(kind, request) as (rest_at, ws_at), httpx.AsyncClient(base_url=f"http://{rest_at}") as http:
        seller, buyer, shut_out, watcher = [await register(http) for _ in range(4)]
        item = await product(http, seller)
        assert (await http.post(f"/api/v1/users/{shut_out.id}/block", headers=buyer.headers)).status_code == 204
        async with ws_client(ws_at, shut_out.token) as barred, ws_client(ws_at, watcher.token) as open_eyes:
            for phone, ref in ((barred, "b1"), (open_eyes, "w1")):
                answer = await call(phone, "offer:feed:subscribe", {"product_id": item}, ref)
                assert answer["type"] == "ack", answer
            bid = {"product_id": item, "price": {"amount": 4000, "currency": "EUR"}}
            assert (await http.post("/api/v1/offers", json=bid, headers=buyer.headers)).status_code == 201
            seen = await open_eyes.expect("offer:feed:new", timeout=10)
            assert seen["data"]["product_id"] == item
            # A second, unrelated offer reaches both: the barred socket was still listening.
            other = await register(http)
            bid = {"product_id": item, "price": {"amount": 4500, "currency": "EUR"}}
            assert (await http.post("/api/v1/offers", json=bid, headers=other.headers)).status_code == 201
            first_for_barred = await barred.expect("offer:feed:new", timeout=10)
            assert first_for_barred["data"]["item"]["price"]["amount"] == 4500, first_for_barred
