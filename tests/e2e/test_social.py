"""Likes, comments, notifications and push tokens over HTTP (and the notification frame on
the WebSocket), exactly as API.md says, on both deployments."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from httpx import AsyncClient

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.e2e.conftest import Api
from tests.e2e.test_catalog import create
from tests.e2e.ws_support import serving, ws_client


async def notifications(api: Api, auth: dict[str, Any], expect: int, query: str = "") -> list[dict[str, Any]]:
    """The inbox once it holds ``expect`` items (the consumer runs beside the request)."""
    async with asyncio.timeout(10):
        while True:
            response = await api.client.get(f"/api/v1/notifications{query}", headers=api.bearer(auth))
            assert response.status_code == 200, response.text
            items: list[dict[str, Any]] = response.json()["items"]
            if len(items) >= expect:
                return items
            await asyncio.sleep(0.05)


async def test_likes_are_idempotent_and_counted(api: Api) -> None:
    seller, fan = await api.register(), await api.register()
    product = await create(api, seller)
    url = f"/api/v1/products/{product['id']}/like"
    for _ in range(2):
        assert (await api.client.post(url, headers=api.bearer(fan))).status_code == 204
    assert (await api.client.post(url, headers=api.bearer(seller))).status_code == 204
    assert (await api.client.get(f"/api/v1/products/{product['id']}")).json()["likes_count"] == 2
    for _ in range(2):
        assert (await api.client.delete(url, headers=api.bearer(fan))).status_code == 204
    assert (await api.client.get(f"/api/v1/products/{product['id']}")).json()["likes_count"] == 1

    assert (await api.client.post(url)).status_code == 401
    missing = await api.client.post(f"/api/v1/products/{fan['user']['id']}/like", headers=api.bearer(fan))
    assert (missing.status_code, missing.json()["code"]) == (404, "target_not_found")
    stream = await api.client.post(f"/api/v1/streams/{product['id']}/like", headers=api.bearer(fan))
    assert (stream.status_code, stream.json()["code"]) == (404, "target_not_found")
    await api.client.delete(f"/api/v1/products/{product['id']}", headers=api.bearer(seller))  # archived
    hidden = await api.client.post(url, headers=api.bearer(fan))
    assert (hidden.status_code, hidden.json()["code"]) == (404, "target_not_found")


async def test_comments_thread_one_level_paginate_and_are_deleted_by_author_or_owner(api: Api) -> None:
    seller, fan, stranger = await api.register(), await api.register(), await api.register()
    product = await create(api, seller)
    url = f"/api/v1/products/{product['id']}/comments"
    made = []
    for n in range(3):
        response = await api.client.post(url, json={"content": f"  question {n} "}, headers=api.bearer(fan))
        assert response.status_code == 201, response.text
        made.append(response.json())
    first = made[0]
    assert first["content"] == "question 0"
    assert first["author"]["id"] == fan["user"]["id"]
    assert (first["target_type"], first["target_id"], first["parent_id"]) == ("product", product["id"], None)

    reply = await api.client.post(url, json={"content": "yes", "parent_id": first["id"]}, headers=api.bearer(seller))
    assert reply.status_code == 201
    too_deep = await api.client.post(
        url, json={"content": "and?", "parent_id": reply.json()["id"]}, headers=api.bearer(fan)
    )
    assert (too_deep.status_code, too_deep.json()["code"]) == (400, "reply_too_deep")
    for body in ({"content": ""}, {"content": "x" * 1001}, {"content": "   "}, {"content": "hi", "extra": 1}):
        bad = await api.client.post(url, json=body, headers=api.bearer(fan))
        assert bad.status_code == 400, body
        assert bad.json()["code"] in ("validation_error", "invalid_comment")

    page = (await api.client.get(f"{url}?limit=2")).json()  # public read
    assert [c["id"] for c in page["items"]] == [made[2]["id"], made[1]["id"]]
    rest = (await api.client.get(f"{url}?limit=2&cursor={page['next_cursor']}")).json()
    assert [c["id"] for c in rest["items"]] == [first["id"]]
    assert rest["items"][0]["replies_count"] == 1
    assert rest["next_cursor"] is None
    replies = (await api.client.get(f"{url}?parent_id={first['id']}")).json()["items"]
    assert [r["content"] for r in replies] == ["yes"]
    forged = await api.client.get(f"{url}?cursor=nope")
    assert (forged.status_code, forged.json()["code"]) == (400, "invalid_cursor")

    not_yours = await api.client.delete(f"/api/v1/comments/{made[1]['id']}", headers=api.bearer(stranger))
    assert (not_yours.status_code, not_yours.json()["code"]) == (403, "not_your_comment")
    assert (await api.client.delete(f"/api/v1/comments/{made[1]['id']}", headers=api.bearer(fan))).status_code == 204
    assert (await api.client.delete(f"/api/v1/comments/{first['id']}", headers=api.bearer(seller))).status_code == 204
    gone = await api.client.delete(f"/api/v1/comments/{first['id']}", headers=api.bearer(seller))
    assert (gone.status_code, gone.json()["code"]) == (404, "comment_not_found")
    left = (await api.client.get(url)).json()["items"]
    assert [c["id"] for c in left] == [made[2]["id"]]  # the thread went with its first comment


async def test_the_inbox_read_state_and_settings(api: Api) -> None:
    seller, fan, other = await api.register(), await api.register(), await api.register()
    follow = f"/api/v1/users/{seller['user']['id']}/follow"
    assert (await api.client.post(follow, headers=api.bearer(fan))).status_code == 204
    product = await create(api, seller)
    await api.client.post(
        f"/api/v1/products/{product['id']}/comments", json={"content": "Nice!"}, headers=api.bearer(fan)
    )
    items = await notifications(api, seller, 2)
    assert [i["type"] for i in items] == ["new_comment", "new_follower"]
    assert set(items[0]) == {"id", "type", "data", "read_at", "created_at"}
    assert items[1]["data"] == {"follower_id": fan["user"]["id"]}
    assert items[1]["read_at"] is None
    assert items[1]["created_at"].endswith("Z")
    assert await notifications(api, fan, 0) == []  # the actor hears nothing

    count = (await api.client.get("/api/v1/notifications/unread-count", headers=api.bearer(seller))).json()
    assert count == {"count": 2}
    first_page = (await api.client.get("/api/v1/notifications?limit=1", headers=api.bearer(seller))).json()
    assert [i["id"] for i in first_page["items"]] == [items[0]["id"]]
    second = await api.client.get(
        f"/api/v1/notifications?limit=1&cursor={first_page['next_cursor']}", headers=api.bearer(seller)
    )
    assert [i["id"] for i in second.json()["items"]] == [items[1]["id"]]

    read = await api.client.patch(f"/api/v1/notifications/{items[1]['id']}/read", headers=api.bearer(seller))
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    foreign = await api.client.patch(f"/api/v1/notifications/{items[0]['id']}/read", headers=api.bearer(other))
    assert (foreign.status_code, foreign.json()["code"]) == (404, "notification_not_found")
    unread = await notifications(api, seller, 1, "?unread=true")
    assert [i["id"] for i in unread] == [items[0]["id"]]
    read_all = await api.client.post("/api/v1/notifications/read-all", headers=api.bearer(seller))
    assert read_all.status_code == 204
    count = (await api.client.get("/api/v1/notifications/unread-count", headers=api.bearer(seller))).json()
    assert count == {"count": 0}
    assert (await api.client.get("/api/v1/notifications")).status_code == 401

    # Switched off: a new follower no longer notifies; a comment (still on) does.
    patched = await api.client.patch(
        "/api/v1/users/me", json={"notification_settings": {"new_follower": False}}, headers=api.bearer(seller)
    )
    assert patched.status_code == 200, patched.text
    await api.client.post(follow, headers=api.bearer(other))
    await api.client.post(
        f"/api/v1/products/{product['id']}/comments", json={"content": "Still there?"}, headers=api.bearer(other)
    )
    latest = await notifications(api, seller, 3)
    assert [i["type"] for i in latest] == ["new_comment", "new_comment", "new_follower"]


async def test_push_tokens(api: Api) -> None:
    user = await api.register()
    url = "/api/v1/users/me/push-tokens"
    made = await api.client.post(url, json={"token": "fcm:abc-123", "platform": "android"}, headers=api.bearer(user))
    assert made.status_code == 201, made.text
    assert made.json()["token"] == "fcm:abc-123"
    for body in (
        {"token": "x", "platform": "symbian"},
        {"token": "", "platform": "ios"},
        {"token": "a b", "platform": "ios"},
    ):
        bad = await api.client.post(url, json=body, headers=api.bearer(user))
        assert bad.status_code == 400, body
    assert (await api.client.delete(f"{url}/fcm:abc-123", headers=api.bearer(user))).status_code == 204
    assert (await api.client.delete(f"{url}/fcm:abc-123", headers=api.bearer(user))).status_code == 204
    assert (await api.client.post(url, json={"token": "t", "platform": "ios"})).status_code == 401


async def test_a_new_notification_arrives_on_the_socket(backend_settings: Settings) -> None:
    app = create_app(replace(backend_settings, rate_limit_scale=1000))
    async with serving(app) as address, AsyncClient(base_url=f"http://{address}") as http:
        tokens = []
        for name in ("a", "b"):
            body = {"username": f"{name}{id(app)}", "password": "plum kettle orbit saffron", "display_name": name}
            body["email"] = f"{body['username']}@example.com"
            response = await http.post("/api/v1/auth/register", json=body)
            assert response.status_code == 201, response.text
            tokens.append(response.json())
        seller, fan = tokens
        async with ws_client(address, seller["tokens"]["access_token"]) as client:
            await client.expect("connected")
            headers = {"Authorization": f"Bearer {fan['tokens']['access_token']}"}
            assert (await http.post(f"/api/v1/users/{seller['user']['id']}/follow", headers=headers)).status_code == 204
            frame = await client.expect("notification:new", timeout=10)
    assert frame["data"]["type"] == "new_follower"
    assert frame["data"]["data"] == {"follower_id": fan["user"]["id"]}
    assert frame["data"]["read_at"] is None
