"""Live-chat moderation in a room with several viewers, on both deployments: two server
processes sharing PostgreSQL and Redis, and the embedded one (SQLite, in-process bus).
The seller appoints a moderator; slow mode, banned words, deleting and pinning lines,
time-outs and bans reach every viewer on every process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import replace

import httpx
import pytest

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.e2e.test_live_room import Person, call, live_stream, product, register
from tests.e2e.ws_support import Client, serving, ws_client


@asynccontextmanager
async def deployment(settings: Settings, processes: int) -> AsyncIterator[tuple[str, str]]:
    """``(address one, address two)``: two processes, or one process twice."""
    async with AsyncExitStack() as stack:
        first = await stack.enter_async_context(serving(create_app(settings)))
        second = await stack.enter_async_context(serving(create_app(settings))) if processes == 2 else first
        yield first, second


async def joined(stack: AsyncExitStack, address: str, person: Person, sid: str) -> Client:
    client = await stack.enter_async_context(ws_client(address, person.token))
    await client.expect("connected")
    answer = await call(client, "stream:join", {"stream_id": sid}, "join")
    assert answer["type"] == "ack", answer
    return client


async def say(client: Client, sid: str, content: str, ref: str) -> dict[str, object]:
    return await call(client, "stream:chat", {"stream_id": sid, "content": content}, ref)


async def moderated_room(one: str, two: str) -> None:
    async with AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(base_url=f"http://{one}"))
        seller, mod, alice, bob = [await register(http) for _ in range(4)]
        sid = await live_stream(http, seller, [await product(http, seller)])

        # Only the seller appoints; only the seller and moderators set the chat rules.
        appoint = f"/api/v1/streams/{sid}/moderators"
        refused = await http.post(appoint, json={"user_id": alice.id}, headers=mod.headers)
        assert (refused.status_code, refused.json()["code"]) == (403, "not_stream_owner")
        unknown = await http.post(appoint, json={"user_id": sid}, headers=seller.headers)
        assert (unknown.status_code, unknown.json()["code"]) == (404, "user_not_found")
        assert (await http.post(appoint, json={"user_id": mod.id}, headers=seller.headers)).status_code == 204
        rules = f"/api/v1/streams/{sid}/chat"
        not_mod = await http.patch(rules, json={"slow_mode_s": 1}, headers=alice.headers)
        assert (not_mod.status_code, not_mod.json()["code"]) == (403, "not_stream_moderator")
        bad = await http.patch(rules, json={"slow_mode_s": -1}, headers=mod.headers)
        assert bad.status_code == 400
        set_rules = await http.patch(
            rules, json={"slow_mode_s": 30, "banned_words": ["Scam", "fake gold"]}, headers=mod.headers
        )
        assert set_rules.status_code == 200, set_rules.text
        assert set_rules.json() == {"slow_mode_s": 30, "banned_words": ["scam", "fake gold"]}

        host = await joined(stack, one, seller, sid)
        m = await joined(stack, two, mod, sid)
        a = await joined(stack, one, alice, sid)
        b = await joined(stack, two, bob, sid)

        # Slow mode: one line per viewer per 30 s; moderators are not slowed.
        first = await say(a, sid, "Is it brass?", "a1")
        assert first["type"] == "ack", first
        line_id = first["data"]["message_id"]  # type: ignore[index]
        for client in (host, m, b):
            assert (await client.expect("stream:chat:new"))["data"]["message_id"] == line_id
        slowed = await say(a, sid, "hello?", "a2")
        assert slowed["data"]["code"] == "slow_mode"  # type: ignore[index]
        assert (await say(m, sid, "Welcome all", "m1"))["type"] == "ack"
        assert (await say(m, sid, "Be kind", "m2"))["type"] == "ack"

        # Banned words, the seller's list: whole words, any case, phrases too.
        for n, text in enumerate(["total SCAM!", "it is Fake  gold"]):
            refused_line = await say(b, sid, text, f"b{n}")
            assert refused_line["data"]["code"] == "banned_words", refused_line  # type: ignore[index]
        assert (await say(b, sid, "scampi for dinner", "b2"))["type"] == "ack"

        # Delete and pin: only moderators; the frame reaches every viewer on every process.
        stolen = await call(b, "stream:chat:delete", {"stream_id": sid, "message_id": line_id}, "bd")
        assert stolen["data"]["code"] == "not_stream_moderator"  # type: ignore[index]
        assert (await call(m, "stream:chat:delete", {"stream_id": sid, "message_id": line_id}, "md"))["type"] == "ack"
        for client in (host, a, b):
            deleted = (await client.expect("stream:chat:deleted"))["data"]
            assert deleted == {"stream_id": sid, "message_id": line_id, "by": mod.id}
        assert (await call(host, "stream:chat:pin", {"stream_id": sid, "message_id": line_id}, "hp"))["type"] == "ack"
        for client in (m, a, b):
            assert (await client.expect("stream:chat:pinned"))["data"]["by"] == seller.id

        # Nobody times out or bans the seller or a moderator.
        for target in (seller.id, mod.id):
            no = await call(m, "stream:ban", {"stream_id": sid, "user_id": target}, "no")
            assert no["data"]["code"] == "invalid_moderation"  # type: ignore[index]
        bad_minutes = await call(m, "stream:timeout", {"stream_id": sid, "user_id": alice.id, "minutes": 0}, "t0")
        assert bad_minutes["data"]["code"] == "invalid_moderation"  # type: ignore[index]
        by_viewer = await call(b, "stream:timeout", {"stream_id": sid, "user_id": alice.id, "minutes": 5}, "bt")
        assert by_viewer["data"]["code"] == "not_stream_moderator"  # type: ignore[index]

        # A time-out, from the moderator on process two, removes alice on process one.
        timed = await call(m, "stream:timeout", {"stream_id": sid, "user_id": alice.id, "minutes": 5}, "t1")
        assert timed["type"] == "ack", timed
        removed = await a.expect("stream:removed")
        assert removed["data"] == {"stream_id": sid, "reason": "timed_out"}
        assert (await say(a, sid, "still here?", "a3"))["data"]["code"] == "not_in_stream"  # type: ignore[index]
        rejoin = await call(a, "stream:join", {"stream_id": sid}, "a4")
        assert rejoin["data"]["code"] == "removed_from_stream", rejoin

        # A ban, from the seller on process one, removes bob on process two for good.
        assert (await call(host, "stream:ban", {"stream_id": sid, "user_id": bob.id}, "hb"))["type"] == "ack"
        assert (await b.expect("stream:removed"))["data"] == {"stream_id": sid, "reason": "banned"}
        assert (await call(b, "stream:join", {"stream_id": sid}, "b5"))["data"]["code"] == "removed_from_stream"  # type: ignore[index]
        assert (await say(m, sid, "carry on", "m3"))["type"] == "ack"  # the room goes on

        # The ban holds in the seller's next stream; the time-out still too.
        assert (await http.post(f"/api/v1/streams/{sid}/end", headers=seller.headers)).status_code == 200
        next_sid = await live_stream(http, seller, [await product(http, seller, "Tin box")])
        for client in (b, a):
            again = await call(client, "stream:join", {"stream_id": next_sid}, "next")
            assert again["data"]["code"] == "removed_from_stream", again  # type: ignore[index]
        # ... but a moderator of one stream is not a moderator of the next.
        other = await http.patch(f"/api/v1/streams/{next_sid}/chat", json={"slow_mode_s": 0}, headers=mod.headers)
        assert other.status_code == 403


@pytest.mark.postgres
@pytest.mark.redis
async def test_moderation_across_two_processes(postgres_settings: Settings) -> None:
    async with deployment(replace(postgres_settings, rate_limit_scale=1000), 2) as (one, two):
        await moderated_room(one, two)


async def test_moderation_embedded(sqlite_settings: Settings) -> None:
    async with deployment(replace(sqlite_settings, rate_limit_scale=1000), 1) as (one, two):
        await moderated_room(one, two)


async def test_global_banned_words_masked(sqlite_settings: Settings) -> None:
    settings = replace(sqlite_settings, banned_words=("darn",), banned_words_action="mask")
    async with deployment(settings, 1) as (one, _), AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(base_url=f"http://{one}"))
        seller, alice = await register(http), await register(http)
        sid = await live_stream(http, seller, [await product(http, seller)])
        host, a = await joined(stack, one, seller, sid), await joined(stack, one, alice, sid)
        assert (await say(a, sid, "Darn, sold out?", "a1"))["type"] == "ack"
        assert (await host.expect("stream:chat:new"))["data"]["content"] == "****, sold out?"


async def test_banned_words_hold_for_listings_comments_and_messages(sqlite_settings: Settings) -> None:
    """The seller's list (set with the chat rules) and the global one, everywhere text comes in."""
    settings = replace(sqlite_settings, rate_limit_scale=1000, banned_words=("counterfeit",))
    async with deployment(settings, 1) as (one, _), httpx.AsyncClient(base_url=f"http://{one}") as http:
        seller, buyer = await register(http), await register(http)
        lamp = await product(http, seller)
        sid = await live_stream(http, seller, [lamp])
        rules = await http.patch(f"/api/v1/streams/{sid}/chat", json={"banned_words": ["scam"]}, headers=seller.headers)
        assert rules.status_code == 200, rules.text

        def refused(response: httpx.Response) -> None:
            assert (response.status_code, response.json()["code"]) == (400, "banned_words"), response.text

        category = (await http.get("/api/v1/categories")).json()[0]["children"][0]["id"]
        listing = {
            "title": "Lamp, no scam",
            "description": "",
            "price": {"amount": 5000, "currency": "EUR"},
            "category_id": category,
            "condition": "good",
            "feed_type": "discover",
        }
        refused(await http.post("/api/v1/products", json=listing, headers=seller.headers))
        listing |= {"title": "Lamp", "description": "Not COUNTERFEIT at all"}  # the global list
        refused(await http.post("/api/v1/products", json=listing, headers=seller.headers))
        edit = await http.patch(f"/api/v1/products/{lamp}", json={"title": "Scam lamp"}, headers=seller.headers)
        refused(edit)
        assert (await http.get(f"/api/v1/products/{lamp}")).json()["title"] == "Brass lamp"

        comments = f"/api/v1/products/{lamp}/comments"
        refused(await http.post(comments, json={"content": "what a scam"}, headers=buyer.headers))
        assert (await http.post(comments, json={"content": "lovely"}, headers=buyer.headers)).status_code == 201
        assert [c["content"] for c in (await http.get(comments)).json()["items"]] == ["lovely"]

        start = {"other_user_id": seller.id, "product_id": lamp, "initial_message": "is this a scam?"}
        refused(await http.post("/api/v1/conversations", json=start, headers=buyer.headers))
        started = await http.post(
            "/api/v1/conversations", json=start | {"initial_message": "hi"}, headers=buyer.headers
        )
        assert started.status_code == 201, started.text
        messages = f"/api/v1/conversations/{started.json()['id']}/messages"
        text = {"message_type": "text", "content": "counterfeit?"}
        refused(await http.post(messages, json=text, headers=buyer.headers))
        sent = await http.post(messages, json=text | {"content": "still there?"}, headers=buyer.headers)
        assert sent.status_code == 201, sent.text


async def test_banned_words_masked_in_listings(sqlite_settings: Settings) -> None:
    settings = replace(sqlite_settings, banned_words=("counterfeit",), banned_words_action="mask")
    async with deployment(settings, 1) as (one, _), httpx.AsyncClient(base_url=f"http://{one}") as http:
        seller = await register(http)
        lamp = await product(http, seller, "Counterfeit-free lamp")
        assert (await http.get(f"/api/v1/products/{lamp}")).json()["title"] == "***********-free lamp"
