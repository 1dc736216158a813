"""Giveaways and the stream timeline over the wire, on both deployments: the seller gives
a tagged product away; viewers present in the room enter by ``giveaway:enter`` (once;
followers only when asked; not the seller; not from outside the room; not after the
end); the room hears ``giveaway:started`` with the seed's commitment and, at the end,
``giveaway:ended`` with the winner and the seed — the winner is recomputed here from the
seed and the entrants (``GET .../giveaways/{id}``) by the documented recipe; the winner is
notified; the timeline has the tags, the pin and the giveaway with ``at_s``, and the
ended stream points at it."""

from __future__ import annotations

import asyncio
import hashlib
from contextlib import AsyncExitStack
from dataclasses import replace
from datetime import datetime
from typing import Any

import httpx

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.e2e.test_asyncapi_frames import Contract
from tests.e2e.test_live_room import Person, call, live_stream, product, register
from tests.e2e.ws_support import Client, serving, ws_client


def recompute(seed: str, entrant_ids: list[str]) -> str:
    """The documented draw, written out independently of the server's code."""
    ids = sorted(entrant_ids)
    digest = hashlib.sha256((seed + "\n" + "\n".join(ids)).encode()).digest()
    return ids[int.from_bytes(digest, "big") % len(ids)]


async def tag(http: httpx.AsyncClient, seller: Person, sid: str, pid: str, **extra: Any) -> None:
    body = {"x": 0.25, "y": 0.75, "timestamp_s": 3.0, **extra}
    tagged = await http.post(f"/api/v1/streams/{sid}/products/{pid}/tag", json=body, headers=seller.headers)
    assert tagged.status_code == 200, tagged.text


async def refused(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["code"] == code


def error_code(frame: dict[str, Any]) -> str:
    assert frame["type"] == "error", frame
    return str(frame["data"]["code"])


CONTRACT = Contract()  # the AsyncAPI document: each giveaway frame seen is checked against it


async def _receive_the_prize(http: httpx.AsyncClient, winner: Person, seller: Person, tid: str) -> None:
    """A free sale has no card step and no intent (a provider refuses a zero amount): the
    winner confirms receipt from pending and it completes, with nothing charged."""
    sale = f"/api/v1/transactions/{tid}"
    seen = (await http.get(sale, headers=winner.headers)).json()
    assert (seen["status"], seen.get("client_secret")) == ("pending", None), seen
    await refused(await http.post(f"{sale}/pay", headers=winner.headers), 409, "invalid_transaction_transition")
    await refused(await http.post(f"{sale}/confirm-receipt", headers=seller.headers), 403, "not_the_buyer")
    done = await http.post(f"{sale}/confirm-receipt", headers=winner.headers)
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["price"]["amount"]) == ("completed", 0)
    again = await http.post(f"{sale}/confirm-receipt", headers=winner.headers)
    await refused(again, 409, "invalid_transaction_transition")


async def ended_frame(client: Client, within_s: float) -> dict[str, Any]:
    frame = await client.expect("giveaway:ended", timeout=within_s)
    CONTRACT.check("server", frame)
    return dict(frame["data"])


async def test_a_giveaway_among_viewers_present_is_drawn_verifiably(backend_settings: Settings) -> None:
    settings = replace(backend_settings, rate_limit_scale=1000)
    async with serving(create_app(settings)) as address, AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(base_url=f"http://{address}"))
        seller, alice, bob, carol, dave = [await register(http) for _ in range(5)]
        lamp, vase = await product(http, seller), await product(http, seller, "Blue vase")
        sid = await live_stream(http, seller, [lamp, vase])
        giveaways = f"/api/v1/streams/{sid}/giveaways"
        body = {"product_id": lamp, "duration_s": 5}

        # only a tagged product, by the owner, for 5-600 s
        await refused(await http.post(giveaways, json=body, headers=seller.headers), 409, "product_not_tagged")
        await tag(http, seller, sid, lamp)
        await tag(http, seller, sid, vase, featured=True)
        await refused(await http.post(giveaways, json=body, headers=alice.headers), 403, "not_stream_owner")
        await refused(
            await http.post(giveaways, json={**body, "duration_s": 4}, headers=seller.headers), 400, "validation_error"
        )

        host = await stack.enter_async_context(ws_client(address, seller.token))
        sockets = {p.id: await stack.enter_async_context(ws_client(address, p.token)) for p in (alice, bob, carol)}
        for client in (host, *sockets.values()):
            await client.expect("connected")
        assert (await call(host, "stream:prepare", {"stream_id": sid}, "p"))["type"] == "ack"
        for person in (alice, carol):
            assert (await call(sockets[person.id], "stream:join", {"stream_id": sid}, "j"))["type"] == "ack"

        created = await http.post(giveaways, json=body, headers=seller.headers)
        assert created.status_code == 201, created.text
        gid, commitment = created.json()["id"], created.json()["seed_commitment"]
        assert set(created.json()) == {"id", "seed_commitment"}
        await refused(await http.post(giveaways, json=body, headers=seller.headers), 409, "giveaway_running")
        started_frame = await sockets[alice.id].expect("giveaway:started")
        CONTRACT.check("server", started_frame)
        started = started_frame["data"]
        assert (started["giveaway_id"], started["stream_id"], started["product_id"]) == (gid, sid, lamp)
        assert started["seed_commitment"] == commitment
        assert "seed" not in started
        running = (await http.get(f"{giveaways}/{gid}")).json()
        assert (running["status"], running["seed"], running["entrant_ids"]) == ("running", None, [])

        enter = {"giveaway_id": gid}
        CONTRACT.check("client", {"type": "giveaway:enter", "ref": "e1", "data": enter})
        assert (await call(sockets[alice.id], "giveaway:enter", enter, "e1"))["data"] == {
            "giveaway_id": gid,
            "entered": True,
        }
        again = await call(sockets[alice.id], "giveaway:enter", enter, "e2")
        CONTRACT.check("server", again)
        assert error_code(again) == "already_entered"
        assert error_code(await call(sockets[bob.id], "giveaway:enter", enter, "e3")) == "not_in_stream"
        assert error_code(await call(host, "giveaway:enter", enter, "e4")) == "cannot_enter_own_giveaway"
        assert error_code(await call(sockets[carol.id], "giveaway:enter", {"giveaway_id": "x"}, "e5")) in (
            "invalid_input",
            "validation_error",
        )
        assert (await call(sockets[carol.id], "giveaway:enter", enter, "e6"))["type"] == "ack"

        ended = await ended_frame(sockets[carol.id], within_s=8)
        assert (ended["giveaway_id"], ended["entrants"]) == (gid, 2)
        assert hashlib.sha256(ended["seed"].encode()).hexdigest() == commitment
        assert ended["winner"] == recompute(ended["seed"], [alice.id, carol.id])
        assert error_code(await call(sockets[alice.id], "giveaway:enter", enter, "e7")) == "giveaway_closed"

        # anyone re-checks the draw from the giveaway's document
        done = (await http.get(f"{giveaways}/{gid}")).json()
        assert done["status"] == "ended"
        assert done["entrant_ids"] == sorted([alice.id, carol.id])
        assert (done["seed"], done["winner_id"], done["entrants"]) == (ended["seed"], ended["winner"], 2)
        ends_at, ended_at = datetime.fromisoformat(done["ends_at"]), datetime.fromisoformat(done["ended_at"])
        assert 0 <= (ended_at - ends_at).total_seconds() < 2.5  # on time
        await refused(await http.get(f"/api/v1/streams/{sid}/giveaways/{sid}"), 404, "giveaway_not_found")

        # the winner hears of it, and only the winner
        winner = next(p for p in (alice, carol) if p.id == ended["winner"])
        loser = next(p for p in (alice, carol) if p.id != ended["winner"])
        won = await _notifications(http, winner, wait=True)
        assert [n["data"]["giveaway_id"] for n in won] == [gid]
        assert (won[0]["data"]["stream_id"], won[0]["data"]["product_id"]) == (sid, lamp)
        assert await _notifications(http, loser) == []

        # the winner has the lamp as a zero-price sale (no fee); the one-off lamp is sold
        sales = (await http.get("/api/v1/transactions", headers=winner.headers)).json()["items"]
        assert [(t["id"], t["product_id"], t["seller_id"]) for t in sales] == [
            (won[0]["data"]["transaction_id"], lamp, seller.id)
        ]
        assert (sales[0]["price"]["amount"], sales[0]["platform_fee"]["amount"]) == (0, 0)
        await _receive_the_prize(http, winner, seller, sales[0]["id"])
        assert (await http.get("/api/v1/transactions", headers=loser.headers)).json()["items"] == []
        assert (await http.get(f"/api/v1/products/{lamp}")).json()["status"] == "sold"
        await refused(await http.post(giveaways, json=body, headers=seller.headers), 409, "product_not_available")

        # a followers-only giveaway: dave (not following) cannot enter; nobody enters: no winner
        dave_socket = await stack.enter_async_context(ws_client(address, dave.token))
        await dave_socket.expect("connected")
        assert (await call(dave_socket, "stream:join", {"stream_id": sid}, "j"))["type"] == "ack"
        vase_body = {"product_id": vase, "duration_s": 5, "followers_only": True}
        second = await http.post(giveaways, json=vase_body, headers=seller.headers)
        assert second.status_code == 201, second.text
        second_id = second.json()["id"]
        assert error_code(await call(dave_socket, "giveaway:enter", {"giveaway_id": second_id}, "f")) == (
            "followers_only"
        )
        nobody = await ended_frame(dave_socket, within_s=8)
        assert (nobody["giveaway_id"], nobody["entrants"]) == (second_id, 0)
        assert "winner" not in nobody
        assert len(nobody["seed"]) == 64

        # the timeline: the tags, the pin, both giveaways, with their moment
        ended_stream = await http.post(f"/api/v1/streams/{sid}/end", headers=seller.headers)
        assert ended_stream.status_code == 200, ended_stream.text
        replay = (await http.get(f"/api/v1/streams/{sid}")).json()
        assert replay["timeline_url"] == f"/api/v1/streams/{sid}/timeline"
        timeline = (await http.get(replay["timeline_url"])).json()  # anonymous: a public stream
        kinds = [(e["kind"], e["product_id"]) for e in timeline["entries"]]
        assert kinds == [
            ("tagged", lamp),
            ("tagged", vase),
            ("featured", vase),
            ("giveaway_started", lamp),
            ("giveaway_ended", lamp),
            ("giveaway_started", vase),
            ("giveaway_ended", vase),
        ]
        first_tag, pin, gave, drawn = timeline["entries"][0], timeline["entries"][2], *timeline["entries"][3:5]
        assert first_tag["data"] == {"x": 0.25, "y": 0.75, "timestamp_s": 3.0}
        assert pin["data"] == {"featured": True}
        assert gave["data"]["giveaway_id"] == gid
        assert gave["data"]["seed_commitment"] == commitment
        assert drawn["data"] == {"giveaway_id": gid, "winner_id": ended["winner"], "seed": ended["seed"], "entrants": 2}
        at = [e["at_s"] for e in timeline["entries"]]
        assert at == sorted(at)
        assert at[0] >= 0
        assert at[4] - at[3] >= 5
        assert [(p["id"], p["status"]) for p in timeline["products"]] == [(lamp, "sold"), (vase, "available")]
        assert {p["price"]["amount"] for p in timeline["products"]} == {5000}


async def _notifications(http: httpx.AsyncClient, person: Person, wait: bool = False) -> list[dict[str, Any]]:
    """The person's ``giveaway_won`` notifications (``wait``: until there is one)."""
    async with asyncio.timeout(5):
        while True:
            items = (await http.get("/api/v1/notifications", headers=person.headers)).json()["items"]
            found = [n for n in items if n["type"] == "giveaway_won"]
            if found or not wait:
                return found
            await asyncio.sleep(0.1)


async def test_a_restricted_streams_timeline_is_for_its_audience(backend_settings: Settings) -> None:
    settings = replace(backend_settings, rate_limit_scale=1000)
    async with serving(create_app(settings)) as address, AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(base_url=f"http://{address}"))
        seller, follower, stranger = [await register(http) for _ in range(3)]
        lamp = await product(http, seller)
        sid = await live_stream(http, seller, [lamp], audience="followers")
        await tag(http, seller, sid, lamp)
        follow = await http.post(f"/api/v1/users/{seller.id}/follow", headers=follower.headers)
        assert follow.status_code == 204
        url = f"/api/v1/streams/{sid}/timeline"
        await refused(await http.get(url), 403, "not_in_audience")
        await refused(await http.get(url, headers=stranger.headers), 403, "not_in_audience")
        for person in (follower, seller):
            seen = await http.get(url, headers=person.headers)
            assert seen.status_code == 200, seen.text
            assert [e["kind"] for e in seen.json()["entries"]] == ["tagged"]
        assert (await http.post(f"/api/v1/users/{stranger.id}/block", headers=seller.headers)).status_code == 204
        await refused(await http.get(url, headers=stranger.headers), 404, "stream_not_found")
        await refused(await http.get("/api/v1/streams/00000000-0000-7000-8000-000000000000/timeline"), 404,
                      "stream_not_found")  # fmt: skip
