"""Two users haggle a product to a sale over HTTP, exactly as API.md says, on both deployments."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Api
from tests.e2e.test_catalog import create


def money(amount: int, currency: str = "EUR") -> dict[str, Any]:
    return {"amount": amount, "currency": currency}


async def test_haggle_to_a_sale(api: Api) -> None:
    seller, buyer, rival = await api.register(), await api.register(), await api.register()
    product = await create(api, seller)  # 250.00 EUR, community feed, free seller → 5 %
    pid = product["id"]
    sb, bb, rb = api.bearer(seller), api.bearer(buyer), api.bearer(rival)

    made = await api.client.post("/api/v1/offers", json={"product_id": pid, "price": money(18000)}, headers=bb)
    assert made.status_code == 201, made.text
    offer = made.json()
    assert (offer["status"], offer["turn"], offer["price"]) == ("pending", "seller", money(18000))
    assert offer["history"][0]["by"] == "buyer"
    assert offer["history"][0]["action"] == "offer"
    rival_offer = (
        await api.client.post("/api/v1/offers", json={"product_id": pid, "price": money(15000)}, headers=rb)
    ).json()

    out_of_turn = await api.client.patch(f"/api/v1/offers/{offer['id']}/accept", headers=bb)
    assert out_of_turn.status_code == 409
    assert out_of_turn.json()["code"] == "not_your_turn"
    too_low = await api.client.patch(f"/api/v1/offers/{offer['id']}/counter", json={"price": money(17000)}, headers=sb)
    assert too_low.status_code == 400
    assert too_low.json()["code"] == "counter_out_of_range"

    countered = await api.client.patch(
        f"/api/v1/offers/{offer['id']}/counter", json={"price": money(22000)}, headers=sb
    )
    assert countered.status_code == 200, countered.text
    assert (countered.json()["status"], countered.json()["turn"]) == ("countered", "buyer")
    again = await api.client.patch(f"/api/v1/offers/{offer['id']}/counter", json={"price": money(20000)}, headers=bb)
    assert again.json()["turn"] == "seller"

    accepted = await api.client.patch(
        f"/api/v1/offers/{offer['id']}/accept", headers={**sb, "Idempotency-Key": "accept-1"}
    )
    assert accepted.status_code == 200, accepted.text
    body = accepted.json()
    assert body["offer"]["status"] == "accepted"
    sale = body["transaction"]
    assert sale["price"] == money(20000)
    assert sale["fee_rate_bps"] == 500
    assert sale["platform_fee"] == money(1000)
    assert sale["seller_payout"] == money(19000)
    assert sale["status"] == "pending"
    replay = await api.client.patch(
        f"/api/v1/offers/{offer['id']}/accept", headers={**sb, "Idempotency-Key": "accept-1"}
    )
    assert replay.status_code == 200
    assert replay.json()["transaction"]["id"] == sale["id"]

    assert (await api.client.get(f"/api/v1/products/{pid}")).json()["status"] == "reserved"
    declined = (await api.client.get(f"/api/v1/offers/{rival_offer['id']}", headers=rb)).json()
    assert declined["status"] == "declined"
    assert declined["history"][-1]["by"] == "system"

    conversation = (await api.client.get(f"/api/v1/conversations/{offer['conversation_id']}", headers=bb)).json()
    seqs = sorted(m["seq"] for m in conversation["messages"])
    assert seqs == list(range(1, len(seqs) + 1))
    assert len(seqs) == 4
    assert {m["message_type"] for m in conversation["messages"]} == {"offer", "system"}
    assert all(m["offer"]["id"] == offer["id"] for m in conversation["messages"])
    assert all(m["offer"]["status"] == "accepted" for m in conversation["messages"])
    card = (await api.client.get("/api/v1/conversations", headers=sb)).json()["items"][0]
    assert card["product"]["title"] == "Road bike"
    assert card["product"]["status"] == "reserved"
    assert card["other_user"]["id"] in {buyer["user"]["id"], rival["user"]["id"]}

    assert (await api.client.post(f"/api/v1/transactions/{sale['id']}/pay", headers=sb)).status_code == 403
    paid = await api.client.post(f"/api/v1/transactions/{sale['id']}/pay", headers=bb)
    assert paid.status_code == 200
    assert paid.json()["status"] == "authorized"
    done = await api.client.post(f"/api/v1/transactions/{sale['id']}/confirm-receipt", headers=bb)
    assert done.status_code == 200
    assert done.json()["status"] == "completed"
    cancel = await api.client.post(f"/api/v1/transactions/{sale['id']}/cancel", headers=sb)
    assert cancel.status_code == 409  # after capture: refund, never cancel
    assert cancel.json()["code"] == "invalid_transaction_transition"
    assert (await api.client.get(f"/api/v1/products/{pid}")).json()["status"] == "sold"

    mine = (await api.client.get("/api/v1/transactions", headers=sb)).json()
    assert [t["id"] for t in mine["items"]] == [sale["id"]]
    assert mine["next_cursor"] is None
    feed = (await api.client.get(f"/api/v1/products/{pid}/offers/feed")).json()["items"]
    assert [i["price"] for i in feed] == [money(15000), money(18000)]
    assert all(i["buyer_alias"].startswith("Buyer ") and set(i) == {"price", "created_at", "buyer_alias"} for i in feed)
    assert buyer["user"]["id"] not in str(feed)
    history = (await api.client.get(f"/api/v1/products/{pid}/offers", headers=sb)).json()
    assert len(history["items"]) == 2
    assert (await api.client.get(f"/api/v1/products/{pid}/offers", headers=bb)).status_code == 403


async def test_cancel_puts_the_product_back_and_idempotent_offers(api: Api) -> None:
    seller, buyer = await api.register(), await api.register()
    product = await create(api, seller, feed_type="discover", location=None, price=money(1001, "JPY"))
    bb, sb = api.bearer(buyer), api.bearer(seller)
    body = {"product_id": product["id"], "price": money(999, "JPY")}
    first = await api.client.post("/api/v1/offers", json=body, headers={**bb, "Idempotency-Key": "k1"})
    second = await api.client.post("/api/v1/offers", json=body, headers={**bb, "Idempotency-Key": "k1"})
    assert first.status_code == 201
    assert second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    other = await api.client.post(
        "/api/v1/offers", json={**body, "price": money(998, "JPY")}, headers={**bb, "Idempotency-Key": "k1"}
    )
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"
    dup = await api.client.post("/api/v1/offers", json=body, headers=bb)
    assert dup.status_code == 409
    assert dup.json()["code"] == "open_offer_exists"
    wrong_currency = await api.client.post(
        "/api/v1/offers", json={**body, "price": money(5, "EUR")}, headers=api.bearer(await api.register())
    )
    assert wrong_currency.status_code == 400
    assert wrong_currency.json()["code"] == "invalid_offer_price"
    own = await api.client.post("/api/v1/offers", json=body, headers=sb)
    assert own.status_code == 403
    assert own.json()["code"] == "own_product"

    sale = (await api.client.patch(f"/api/v1/offers/{first.json()['id']}/accept", headers=sb)).json()["transaction"]
    assert sale["platform_fee"] == money(150, "JPY")  # 999 * 15 % = 149.85 → 150 (half-up)
    assert sale["seller_payout"] == money(849, "JPY")
    cancelled = await api.client.post(f"/api/v1/transactions/{sale['id']}/cancel", headers=sb)
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert (await api.client.get(f"/api/v1/products/{product['id']}")).json()["status"] == "available"


async def test_conversations_and_messages(api: Api) -> None:
    alice, bob = await api.register(), await api.register()
    ab, bb = api.bearer(alice), api.bearer(bob)
    started = await api.client.post(
        "/api/v1/conversations", json={"other_user_id": bob["user"]["id"], "initial_message": "Hi!"}, headers=ab
    )
    assert started.status_code == 201, started.text
    cid = started.json()["id"]
    same = await api.client.post("/api/v1/conversations", json={"other_user_id": alice["user"]["id"]}, headers=bb)
    assert same.status_code == 200
    assert same.json()["id"] == cid

    for text in ("one", "two", "three"):
        sent = await api.client.post(
            f"/api/v1/conversations/{cid}/messages", json={"message_type": "text", "content": text}, headers=bb
        )
        assert sent.status_code == 201, sent.text
    image = await api.client.post(
        f"/api/v1/conversations/{cid}/messages",
        json={"message_type": "image", "image_urls": ["https://img.example.com/a.jpg"]},
        headers=ab,
    )
    assert image.json()["seq"] == 5
    bad = await api.client.post(
        f"/api/v1/conversations/{cid}/messages", json={"message_type": "image", "image_urls": []}, headers=ab
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid_message"
    bad_type = await api.client.post(
        f"/api/v1/conversations/{cid}/messages", json={"message_type": "offer", "content": "x"}, headers=ab
    )
    assert bad_type.status_code == 400

    listed = (await api.client.get("/api/v1/conversations", headers=ab)).json()["items"]
    assert listed[0]["id"] == cid
    assert listed[0]["unread_count"] == 3
    assert listed[0]["other_user"]["id"] == bob["user"]["id"]
    # the plain handle, not a value object's repr ("Username(value='bob')", issue 13 item 11)
    assert listed[0]["other_user"]["username"] == bob["user"]["username"]
    assert listed[0]["other_user"]["display_name"] == bob["user"]["display_name"]
    assert listed[0]["last_message"]["seq"] == 5
    unread = (await api.client.get("/api/v1/conversations?filter=unread", headers=ab)).json()["items"]
    assert [c["id"] for c in unread] == [cid]
    assert (await api.client.patch(f"/api/v1/conversations/{cid}/read", headers=ab)).status_code == 204
    seen = (await api.client.get(f"/api/v1/conversations/{cid}/messages", headers=bb)).json()["items"]
    assert all(m["read_at"] is not None for m in seen if m["sender_id"] == bob["user"]["id"])
    assert all(m["read_at"] is None for m in seen if m["sender_id"] == alice["user"]["id"] and m["seq"] == 5)
    assert (await api.client.get("/api/v1/conversations?filter=unread", headers=ab)).json()["items"] == []

    page = (await api.client.get(f"/api/v1/conversations/{cid}/messages?limit=2", headers=ab)).json()
    assert [m["seq"] for m in page["items"]] == [5, 4]
    rest = (
        await api.client.get(f"/api/v1/conversations/{cid}/messages?limit=10&cursor={page['next_cursor']}", headers=ab)
    ).json()
    assert [m["seq"] for m in rest["items"]] == [3, 2, 1]
    assert rest["next_cursor"] is None
    recovered = (await api.client.get(f"/api/v1/conversations/{cid}/messages?after_seq=3", headers=bb)).json()
    assert [m["seq"] for m in recovered["items"]] == [4, 5]

    assert (await api.client.delete(f"/api/v1/conversations/{cid}", headers=ab)).status_code == 204
    assert (await api.client.get("/api/v1/conversations", headers=ab)).json()["items"] == []
    archived = (await api.client.get("/api/v1/conversations?filter=archived", headers=ab)).json()["items"]
    assert [c["id"] for c in archived] == [cid]
    assert [c["id"] for c in (await api.client.get("/api/v1/conversations", headers=bb)).json()["items"]] == [cid]


async def test_a_conversation_about_a_product_joins_its_seller(api: Api) -> None:
    alice, bob = await api.register(), await api.register()
    ab = api.bearer(alice)
    third = await api.register()
    elsewhere = await create(api, third)
    mismatch = await api.client.post(
        "/api/v1/conversations", json={"other_user_id": bob["user"]["id"], "product_id": elsewhere["id"]}, headers=ab
    )
    assert mismatch.status_code == 400
    assert mismatch.json()["code"] == "product_not_between_you"
    about = await api.client.post(
        "/api/v1/conversations",
        json={"other_user_id": third["user"]["id"], "product_id": elsewhere["id"]},
        headers=ab,
    )
    assert about.status_code == 201
    assert (about.json()["buyer_id"], about.json()["seller_id"]) == (alice["user"]["id"], third["user"]["id"])


async def test_strangers_get_404_and_change_nothing(api: Api) -> None:
    seller, buyer, stranger = await api.register(), await api.register(), await api.register()
    product = await create(api, seller)
    sb, bb, xb = api.bearer(seller), api.bearer(buyer), api.bearer(stranger)
    offer = (
        await api.client.post("/api/v1/offers", json={"product_id": product["id"], "price": money(100)}, headers=bb)
    ).json()
    oid, cid = offer["id"], offer["conversation_id"]
    attempts = [
        ("GET", f"/api/v1/offers/{oid}", None),
        ("PATCH", f"/api/v1/offers/{oid}/accept", None),
        ("PATCH", f"/api/v1/offers/{oid}/decline", None),
        ("PATCH", f"/api/v1/offers/{oid}/withdraw", None),
        ("PATCH", f"/api/v1/offers/{oid}/counter", {"price": money(150)}),
        ("GET", f"/api/v1/conversations/{cid}", None),
        ("GET", f"/api/v1/conversations/{cid}/messages", None),
        ("POST", f"/api/v1/conversations/{cid}/messages", {"message_type": "text", "content": "hi"}),
        ("PATCH", f"/api/v1/conversations/{cid}/read", None),
        ("DELETE", f"/api/v1/conversations/{cid}", None),
    ]
    for method, url, body in attempts:
        response = await api.client.request(method, url, json=body, headers=xb)
        assert response.status_code == 404, (method, url, response.text)
        assert response.json()["code"] in {"offer_not_found", "conversation_not_found"}
    assert (await api.client.get(f"/api/v1/offers/{oid}", headers=bb)).json() == offer
    messages = (await api.client.get(f"/api/v1/conversations/{cid}/messages", headers=bb)).json()["items"]
    assert [m["seq"] for m in messages] == [1]

    sale = (await api.client.patch(f"/api/v1/offers/{oid}/accept", headers=sb)).json()["transaction"]
    for action in ("pay", "confirm-receipt", "cancel"):
        response = await api.client.post(f"/api/v1/transactions/{sale['id']}/{action}", headers=xb)
        assert response.status_code == 404
        assert response.json()["code"] == "transaction_not_found"
    assert (await api.client.get(f"/api/v1/transactions/{sale['id']}", headers=xb)).status_code == 404
    assert (await api.client.get(f"/api/v1/transactions/{sale['id']}", headers=bb)).json()["status"] == "pending"
    assert (await api.client.get("/api/v1/offers", headers=xb)).json()["items"] == []
    assert (await api.client.get("/api/v1/transactions", headers=xb)).json()["items"] == []


async def test_malformed_requests_are_problem_details_and_change_nothing(api: Api) -> None:
    seller, buyer = await api.register(), await api.register()
    product = await create(api, seller)
    bb = api.bearer(buyer)
    pid = product["id"]
    cases: list[tuple[str, str, Any, dict[str, str], int]] = [
        ("POST", "/api/v1/offers", {"product_id": pid}, {}, 400),
        ("POST", "/api/v1/offers", {"product_id": pid, "price": money(-1)}, {}, 400),
        ("POST", "/api/v1/offers", {"product_id": pid, "price": money(0)}, {}, 400),
        ("POST", "/api/v1/offers", {"product_id": pid, "price": money(25_000)}, {}, 400),
        ("POST", "/api/v1/offers", {"product_id": pid, "price": {"amount": 5, "currency": "XXX"}}, {}, 400),
        ("POST", "/api/v1/offers", {"product_id": "nope", "price": money(5)}, {}, 400),
        ("POST", "/api/v1/offers", {"product_id": pid, "price": money(5), "extra": 1}, {}, 400),
        ("POST", "/api/v1/offers", {"product_id": pid, "price": money(5)}, {"Idempotency-Key": "x" * 300}, 400),
        ("POST", "/api/v1/offers", {"product_id": "00000000-0000-7000-8000-000000000000", "price": money(5)}, {}, 404),
        ("GET", "/api/v1/offers?role=admin", None, {}, 400),
        ("GET", "/api/v1/offers?status=open", None, {}, 400),
        ("GET", "/api/v1/offers?limit=0", None, {}, 400),
        ("GET", "/api/v1/offers?cursor=forged", None, {}, 400),
        ("GET", "/api/v1/conversations?filter=everything", None, {}, 400),
        ("POST", "/api/v1/conversations", {"other_user_id": buyer["user"]["id"]}, {}, 403),  # cannot_message_self
        ("POST", "/api/v1/conversations", {"other_user_id": "00000000-0000-7000-8000-000000000000"}, {}, 404),
        ("PATCH", "/api/v1/offers/not-a-uuid/accept", None, {}, 404),
    ]
    for method, url, body, headers, status in cases:
        response = await api.client.request(method, url, json=body, headers={**bb, **headers})
        assert response.status_code == status, (method, url, body, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"]
    assert (await api.client.post("/api/v1/offers", json={"product_id": pid, "price": money(5)})).status_code == 401
    assert (await api.client.get("/api/v1/offers", headers=bb)).json()["items"] == []
    assert (await api.client.get("/api/v1/conversations", headers=bb)).json()["items"] == []
