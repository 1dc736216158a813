"""The live room with several WebSocket clients on two server processes (two app
instances sharing PostgreSQL and Redis), and the audience rules."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest
from dishka import AsyncContainer
from litestar import Litestar

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from souk.entrypoints.ws.stream_rooms import LiveRooms
from tests.e2e.ws_support import Client, serving, ws_client
from tests.support import unique


@dataclass
class Person:
    id: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def register(http: httpx.AsyncClient, home: tuple[float, float] | None = None) -> Person:
    body = {
        "username": unique("lr"),
        "password": "plum kettle orbit saffron",
        "display_name": "Viewer",
        "email": f"{unique()}@x.io",
    }
    data = (await http.post("/api/v1/auth/register", json=body)).json()
    person = Person(data["user"]["id"], data["tokens"]["access_token"])
    if home:
        me = await http.patch(
            "/api/v1/users/me", json={"location": {"lat": home[0], "lng": home[1]}}, headers=person.headers
        )
        assert me.status_code == 200, me.text
    return person


async def product(http: httpx.AsyncClient, seller: Person, title: str = "Brass lamp") -> str:
    category = (await http.get("/api/v1/categories")).json()[0]["children"][0]["id"]
    body = {
        "title": title,
        "price": {"amount": 5000, "currency": "EUR"},
        "category_id": category,
        "condition": "good",
        "feed_type": "discover",
    }
    response = await http.post("/api/v1/products", json=body, headers=seller.headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def live_stream(http: httpx.AsyncClient, seller: Person, products: list[str], **settings: Any) -> str:
    body = {"title": "Evening market", "product_ids": products}
    sid = str((await http.post("/api/v1/streams", json=body, headers=seller.headers)).json()["id"])
    if settings:
        patched = await http.patch(f"/api/v1/streams/{sid}/settings", json=settings, headers=seller.headers)
        assert patched.status_code == 200, patched.text
    assert (await http.post(f"/api/v1/streams/{sid}/go-live", headers=seller.headers)).status_code == 200
    return sid


async def call(client: Client, frame_type: str, data: dict[str, Any], ref: str) -> dict[str, Any]:
    """Send a frame and return its ack or error (other frames in between are skipped)."""
    await client.send(frame_type, data, ref)
    async with asyncio.timeout(5):
        while True:
            frame = await client.recv(5)
            if frame["type"] in ("ack", "error") and frame.get("ref") == ref:
                return frame


async def counted(client: Client, count: int) -> dict[str, Any]:
    """The next ``stream:viewers`` with this count (the processes' own 10 s tickers may
    send earlier counts in between)."""
    async with asyncio.timeout(5):
        while (frame := await client.expect("stream:viewers"))["data"]["count"] != count:
            pass
    return frame


def container_of(app: Litestar) -> AsyncContainer:
    container: AsyncContainer = app.state.dishka_container
    return container


@asynccontextmanager
async def two_processes(settings: Settings) -> AsyncIterator[tuple[Litestar, str, Litestar, str]]:
    one, two = create_app(settings), create_app(settings)
    async with serving(one) as first, serving(two) as second:
        yield one, first, two, second


@pytest.mark.postgres
@pytest.mark.redis
async def test_a_live_room_across_two_processes(postgres_settings: Settings) -> None:
    settings = replace(postgres_settings, rate_limit_scale=1000)
    async with two_processes(settings) as (app_one, one, app_two, two), AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(base_url=f"http://{one}"))
        seller, alice, bob = await register(http), await register(http), await register(http)
        lamp, chair = await product(http, seller), await product(http, seller, "Rattan chair")
        sid = await live_stream(http, seller, [lamp, chair])

        host = await stack.enter_async_context(ws_client(one, seller.token))
        a = await stack.enter_async_context(ws_client(one, alice.token))
        b = await stack.enter_async_context(ws_client(two, bob.token))
        for client in (host, a, b):
            await client.expect("connected")

        too_early = await call(a, "stream:chat", {"stream_id": sid, "content": "hi"}, "c0")
        assert too_early["data"]["code"] == "not_in_stream"
        prepared = await call(host, "stream:prepare", {"stream_id": sid}, "p")
        assert prepared["type"] == "ack"
        assert [p["product"]["id"] for p in prepared["data"]["products"]] == [lamp, chair]
        joined = await call(a, "stream:join", {"stream_id": sid}, "j1")
        assert joined["data"]["stream"]["playback_url"].endswith(f"/{sid}.m3u8")
        assert (await call(b, "stream:join", {"stream_id": sid}, "j2"))["type"] == "ack"
        assert (await call(b, "stream:join", {"stream_id": "nope"}, "j3"))["data"]["code"] == "invalid_input"

        # Chat from process one reaches process two (and the host), with who said it.
        assert (await call(a, "stream:chat", {"stream_id": sid, "content": "  Is the lamp brass? "}, "c1"))[
            "type"
        ] == "ack"
        line = (await b.expect("stream:chat:new"))["data"]
        assert (line["content"], line["user"]["id"], line["stream_id"]) == ("Is the lamp brass?", alice.id, sid)
        assert set(line) == {"stream_id", "message_id", "user", "content", "at"}
        assert (await host.expect("stream:chat:new"))["data"]["message_id"] == line["message_id"]
        long = await call(a, "stream:chat", {"stream_id": sid, "content": "x" * 501}, "c2")
        assert long["data"]["code"] == "invalid_chat_message"

        assert (await call(b, "stream:reaction", {"stream_id": sid, "emoji": "🔥"}, "r1"))["type"] == "ack"
        assert (await a.expect("stream:reaction:new"))["data"] == {"stream_id": sid, "emoji": "🔥", "user_id": bob.id}
        bad = await call(b, "stream:reaction", {"stream_id": sid, "emoji": "👍"}, "r2")
        assert bad["data"]["code"] == "invalid_reaction"
        assert (await call(b, "stream:reaction", {"stream_id": sid, "emoji": "❤️"}, "r3"))["type"] == "ack"

        # The per-viewer chat budget: a small burst, then 429-style errors with a code.
        answers = [await call(b, "stream:chat", {"stream_id": sid, "content": f"m{n}"}, f"b{n}") for n in range(7)]
        assert [x["type"] for x in answers[:5]] == ["ack"] * 5
        assert answers[-1]["data"]["code"] == "rate_limited"

        # The seller tags and pins from REST: every viewer on both processes sees it.
        tag = {"x": 0.3, "y": 0.6, "timestamp_s": 42, "featured": True}
        tagged = await http.post(f"/api/v1/streams/{sid}/products/{chair}/tag", json=tag, headers=seller.headers)
        assert tagged.status_code == 200, tagged.text
        for client in (a, b):
            seen = (await client.expect("stream:product:tagged"))["data"]
            assert (seen["product"]["id"], seen["x"], seen["featured"]) == (chair, 0.3, True)
            assert (await client.expect("stream:product:featured"))["data"]["product"]["id"] == chair
        assert seen["product"] == (await http.get(f"/api/v1/products/{chair}")).json()

        assert (await call(a, "stream:product:click", {"stream_id": sid, "product_id": chair}, "k1"))["type"] == "ack"
        stranger = await call(a, "stream:product:click", {"stream_id": sid, "product_id": sid}, "k2")
        assert stranger["data"]["code"] == "product_not_in_stream"

        # Viewer counts: each process tells its own sockets the count across both.
        for app in (app_one, app_two):
            await (await container_of(app).get(LiveRooms)).tick()
        for client in (a, b, host):
            assert (await counted(client, 2))["data"] == {"stream_id": sid, "count": 2}
        listed = (await http.get("/api/v1/streams?status=live")).json()["items"]
        assert next(s for s in listed if s["id"] == sid)["viewers_count"] == 2

        # Chat off: refused with a code.
        await http.patch(f"/api/v1/streams/{sid}/settings", json={"enable_chat": False}, headers=seller.headers)
        off = await call(a, "stream:chat", {"stream_id": sid, "content": "still there?"}, "c9")
        assert off["data"]["code"] == "chat_disabled"

        assert (await call(a, "stream:leave", {"stream_id": sid}, "l1"))["type"] == "ack"
        for app in (app_one, app_two):
            await (await container_of(app).get(LiveRooms)).tick()
        await counted(b, 1)

        ended = await http.post(f"/api/v1/streams/{sid}/end", headers=seller.headers)
        assert ended.status_code == 200, ended.text
        assert (await b.expect("stream:ended"))["data"]["status"] == "ended"
        analytics = ended.json()["analytics"]
        assert (analytics["unique_viewers"], analytics["peak_viewers"]) == (2, 2)
        assert (analytics["total_likes"], analytics["chat_messages_count"]) == (2, 6)
        assert analytics["average_watch_time_s"] > 0
        chair_figures = next(p for p in analytics["products"] if p["product_id"] == chair)
        assert (chair_figures["clicks"], chair_figures["views"]) == (1, 2)  # tagged while two watched
        after = await call(b, "stream:chat", {"stream_id": sid, "content": "bye"}, "z")
        assert after["data"]["code"] == "stream_not_live"


async def test_audience_rules_followers_and_neighbourhood(sqlite_settings: Settings) -> None:
    app = create_app(replace(sqlite_settings, rate_limit_scale=1000))
    paris, near_paris, lyon = (48.8566, 2.3522), (48.8600, 2.3600), (45.7640, 4.8357)
    async with serving(app) as address, httpx.AsyncClient(base_url=f"http://{address}") as http:
        seller = await register(http, home=paris)
        fan, stranger = await register(http, home=lyon), await register(http, home=near_paris)
        assert (await http.post(f"/api/v1/users/{seller.id}/follow", headers=fan.headers)).status_code == 204
        followers_only = await live_stream(http, seller, [await product(http, seller)], audience="followers")
        public = (await http.get(f"/api/v1/streams/{followers_only}")).json()
        assert public["playback_url"] is None  # learned on admission
        async with ws_client(address, fan.token) as f, ws_client(address, stranger.token) as s:
            await f.expect("connected")
            await s.expect("connected")
            refused = await call(s, "stream:join", {"stream_id": followers_only}, "s1")
            assert refused["data"]["code"] == "not_in_audience"
            admitted = await call(f, "stream:join", {"stream_id": followers_only}, "f1")
            assert admitted["data"]["stream"]["playback_url"].endswith(f"{followers_only}.m3u8")
            await http.post(f"/api/v1/streams/{followers_only}/end", headers=seller.headers)

            local = await live_stream(http, seller, [await product(http, seller)], audience="neighborhood")
            assert (await call(s, "stream:join", {"stream_id": local}, "s2"))["type"] == "ack"
            far = await call(f, "stream:join", {"stream_id": local}, "f2")
            assert far["data"]["code"] == "not_in_audience"


async def test_a_socket_that_vanishes_is_counted_out_at_the_next_tick(sqlite_settings: Settings) -> None:
    app = create_app(replace(sqlite_settings, rate_limit_scale=1000))
    async with serving(app) as address, httpx.AsyncClient(base_url=f"http://{address}") as http:
        seller, viewer, other = await register(http), await register(http), await register(http)
        sid = await live_stream(http, seller, [await product(http, seller)])
        rooms = await container_of(app).get(LiveRooms)
        async with ws_client(address, other.token) as staying:
            await staying.expect("connected")
            await call(staying, "stream:join", {"stream_id": sid}, "s")
            async with ws_client(address, viewer.token) as leaving:
                await leaving.expect("connected")
                await call(leaving, "stream:join", {"stream_id": sid}, "l")
                await rooms.tick()
                await counted(staying, 2)
            await asyncio.sleep(0.2)  # the socket closed without stream:leave
            await rooms.tick()
            await counted(staying, 1)
        analytics = (await http.get(f"/api/v1/streams/{sid}/analytics", headers=seller.headers)).json()
        assert analytics["unique_viewers"] == 2
