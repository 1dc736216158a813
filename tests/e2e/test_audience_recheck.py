"""Issue 13, finding 10: the audience is re-checked when it can change. A viewer who
unfollows the seller of a followers-only live stream, or moves out of range of a
neighbourhood stream, is taken out of the room with ``stream:removed`` on whatever
process their socket is (two processes sharing PostgreSQL + Redis; the embedded
deployment) and cannot chat there any more; viewers still admitted stay."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import httpx
import pytest

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.e2e.test_live_room import Person, call, live_stream, product, register
from tests.e2e.ws_support import Client, serving, ws_client

PARIS, NEAR_PARIS, LYON = (48.8566, 2.3522), (48.8600, 2.3600), (45.7640, 4.8357)
DEPLOYMENTS = ["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])]


@asynccontextmanager
async def deployment(kind: str, request: pytest.FixtureRequest) -> AsyncIterator[tuple[str, str]]:
    """``(REST address, WebSocket address)``: two processes on PostgreSQL + Redis (the
    change is made on one, the socket is on the other); the single embedded one."""
    settings: Settings = replace(request.getfixturevalue(f"{kind}_settings"), rate_limit_scale=1000)
    if kind == "sqlite":
        async with serving(create_app(settings)) as address:
            yield address, address
    else:
        async with serving(create_app(settings)) as one, serving(create_app(settings)) as two:
            yield one, two


async def removed_from(client: Client, stream_id: str) -> dict[str, Any]:
    frame = await client.expect("stream:removed", timeout=10)
    assert frame["data"] == {"stream_id": stream_id, "reason": "audience_changed"}
    return frame


async def joined(client: Client, stream_id: str, ref: str) -> None:
    await client.expect("connected")
    answer = await call(client, "stream:join", {"stream_id": stream_id}, ref)
    assert answer["type"] == "ack", answer


async def chat(client: Client, stream_id: str, ref: str) -> dict[str, Any]:
    return await call(client, "stream:chat", {"stream_id": stream_id, "content": "hello"}, ref)


async def follow(http: httpx.AsyncClient, fan: Person, seller: Person) -> None:
    assert (await http.post(f"/api/v1/users/{seller.id}/follow", headers=fan.headers)).status_code == 204


@pytest.mark.parametrize("kind", DEPLOYMENTS)
async def test_unfollowing_the_seller_removes_the_viewer_from_a_followers_only_room(
    kind: str, request: pytest.FixtureRequest
) -> None:
    async with deployment(kind, request) as (rest, ws), httpx.AsyncClient(base_url=f"http://{rest}") as http:
        seller, leaving, staying = await register(http), await register(http), await register(http)
        await follow(http, leaving, seller)
        await follow(http, staying, seller)
        sid = await live_stream(http, seller, [await product(http, seller)], audience="followers")
        async with ws_client(ws, leaving.token) as gone, ws_client(ws, staying.token) as kept:
            await joined(gone, sid, "g1")
            await joined(kept, sid, "k1")
            unfollowed = await http.delete(f"/api/v1/users/{seller.id}/follow", headers=leaving.headers)
            assert unfollowed.status_code == 204
            await removed_from(gone, sid)
            assert (await chat(gone, sid, "g2"))["data"]["code"] == "not_in_stream"
            again = await call(gone, "stream:join", {"stream_id": sid}, "g3")
            assert again["data"]["code"] == "not_in_audience"
            assert (await chat(kept, sid, "k2"))["type"] == "ack"
            assert not [f for f in kept.pending if f["type"] == "stream:removed"]


@pytest.mark.parametrize("kind", DEPLOYMENTS)
async def test_moving_away_removes_the_viewer_from_a_neighbourhood_room(
    kind: str, request: pytest.FixtureRequest
) -> None:
    async with deployment(kind, request) as (rest, ws), httpx.AsyncClient(base_url=f"http://{rest}") as http:
        seller = await register(http, home=PARIS)
        mover, neighbour = await register(http, home=NEAR_PARIS), await register(http, home=NEAR_PARIS)
        sid = await live_stream(http, seller, [await product(http, seller)], audience="neighborhood")
        async with ws_client(ws, mover.token) as away, ws_client(ws, neighbour.token) as near:
            await joined(away, sid, "a1")
            await joined(near, sid, "n1")
            # a move within range keeps the viewer in the room
            nearby = {"location": {"lat": PARIS[0] + 0.01, "lng": PARIS[1]}}
            assert (await http.patch("/api/v1/users/me", json=nearby, headers=mover.headers)).status_code == 200
            with pytest.raises(TimeoutError):  # the re-check runs, and keeps them
                await away.expect("stream:removed", timeout=1.5)
            assert (await chat(away, sid, "a2"))["type"] == "ack"
            moved = await http.patch(
                "/api/v1/users/me", json={"location": {"lat": LYON[0], "lng": LYON[1]}}, headers=mover.headers
            )
            assert moved.status_code == 200, moved.text
            await removed_from(away, sid)
            assert (await chat(away, sid, "a3"))["data"]["code"] == "not_in_stream"
            assert (await chat(near, sid, "n2"))["type"] == "ack"
