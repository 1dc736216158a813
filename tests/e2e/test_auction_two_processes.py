"""The auction done-when, over the wire: two real ``souk serve`` processes on one
PostgreSQL and one Redis, bidders on both. Concurrent bids, pairs of equal bids sent at
the same moment through the two processes, and bids in the last second; the auction
ends exactly once — every socket on both processes hears one ``auction:ended`` — with
the highest valid bid winning, and the winner charged once. Then the end survives a
restart: an auction whose processes are all down at its end is ended (and its winner
charged) by the next process to start."""

from __future__ import annotations

import asyncio
import random
import time
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.realtime_support import Person, Rest, ask, next_of, online, rest
from tests.e2e.test_real_server import clean_env, running_server
from tests.e2e.ws_support import Client

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def eur(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "EUR"}


def environment(postgres_url: str, redis_url: str) -> dict[str, str]:
    return clean_env(
        SOUK_DATABASE_URL=postgres_url,  # migrated by the postgres_settings fixture
        SOUK_REDIS_URL=redis_url,
        SOUK_JWT_SECRET="auction-processes-" + "s" * 40,
        SOUK_RATE_LIMIT_SCALE="1000",
        SOUK_PAYMENTS="simulated",
        SOUK_AUCTION_EXTEND_S="2",
        SOUK_AUCTION_SWEEP_S="0.2",
    )


async def live_auction_stream(api: Rest, seller: Person) -> tuple[str, str]:
    """A live stream with one tagged product: (stream id, product id)."""
    product = await api.product(seller, feed_type="discover", title="Brass lamp")
    made = await api.http.post("/api/v1/streams", json={"title": "Auction night", "product_ids": [product]},
                               headers=seller.auth)  # fmt: skip
    assert made.status_code == 201, made.text
    sid = str(made.json()["id"])
    assert (await api.http.post(f"/api/v1/streams/{sid}/go-live", headers=seller.auth)).status_code == 200
    tag = {"x": 0.5, "y": 0.5, "timestamp_s": 1}
    tagged = await api.http.post(f"/api/v1/streams/{sid}/products/{product}/tag", json=tag, headers=seller.auth)
    assert tagged.status_code == 200, tagged.text
    return sid, product


async def bidder(api: Rest) -> Person:
    person = await api.person()
    saved = await api.http.post("/api/v1/payments/methods", json={}, headers=person.auth)
    assert saved.status_code == 201, saved.text
    return person


async def start(api: Rest, seller: Person, sid: str, product: str, duration_s: int) -> dict[str, Any]:
    body = {"product_id": product, "starting_price": eur(1000), "duration_s": duration_s}
    started = await api.http.post(f"/api/v1/streams/{sid}/auctions", json=body, headers=seller.auth)
    assert started.status_code == 201, started.text
    return dict(started.json())


async def bid(client: Client, auction_id: str, amount: int, ref: str) -> dict[str, Any]:
    return await ask(client, "auction:bid", {"auction_id": auction_id, "amount": eur(amount)}, ref)


def seconds_until(at: str) -> float:
    return (datetime.fromisoformat(at) - datetime.now(UTC)).total_seconds()


async def outcome(api: Rest, seller: Person, sid: str) -> dict[str, Any]:
    async with asyncio.timeout(15):
        while True:
            analytics = (await api.http.get(f"/api/v1/streams/{sid}/analytics", headers=seller.auth)).json()
            if analytics["auctions"] and analytics["auctions"][0]["outcome"]:
                return dict(analytics["auctions"][0])
            await asyncio.sleep(0.1)


async def test_many_bidders_on_two_processes_one_winner_charged_once(
    postgres_url: str, redis_url: str, postgres_settings: object, tmp_path: Path
) -> None:
    env = environment(postgres_url, redis_url)
    with running_server(tmp_path, env) as one, running_server(tmp_path, env) as two:
        addresses = [one.removeprefix("http://"), two.removeprefix("http://")]
        async with rest(addresses[0]) as api_one, rest(addresses[1]) as api_two, AsyncExitStack() as stack:
            apis = [api_one, api_two]
            seller = await api_one.person()
            sid, product = await live_auction_stream(api_one, seller)
            people = [await bidder(apis[i % 2]) for i in range(10)]
            sockets = [await stack.enter_async_context(online(addresses[i % 2], p)) for i, p in enumerate(people)]
            host = await stack.enter_async_context(online(addresses[1], seller))
            assert (await ask(host, "stream:prepare", {"stream_id": sid}, "p"))["type"] == "ack"
            for socket in sockets:
                assert (await ask(socket, "stream:join", {"stream_id": sid}, "j"))["type"] == "ack"

            auction = await start(api_two, seller, sid, product, duration_s=8)
            aid = auction["auction_id"]
            accepted: list[dict[str, Any]] = []  # the acks: the auction right after each accepted bid

            # everyone at once, through both processes: the highest of spaced amounts always stands
            amounts = [1000 + 100 * i for i in range(10)]
            random.shuffle(amounts)
            answers = await asyncio.gather(
                *(bid(s, aid, a, f"r{i}") for i, (s, a) in enumerate(zip(sockets, amounts, strict=True)))
            )
            for answer in answers:
                if answer["type"] == "error":
                    assert answer["data"]["code"] == "bid_too_low", answer
                else:
                    accepted.append(answer["data"])
            assert max(a["current_bid"]["amount"] for a in accepted) == 1900

            # pairs of equal bids at the same moment, one on each process: one stands, the other is too low
            for round_ in range(5):
                at_least = max(accepted, key=lambda a: a["current_bid"]["amount"])["minimum_bid"]["amount"]
                left, right = sockets[2 * round_], sockets[2 * round_ + 1]  # processes one and two
                pair = await asyncio.gather(
                    bid(left, aid, at_least, f"e{round_}l"), bid(right, aid, at_least, f"e{round_}r")
                )
                assert sorted(a["type"] for a in pair) == ["ack", "error"], pair
                loser = next(a for a in pair if a["type"] == "error")
                assert loser["data"]["code"] == "bid_too_low", loser
                accepted.append(next(a for a in pair if a["type"] == "ack")["data"])

            # bids in the last second push the end (2 s after the bid); all from both processes at once
            ends_at = max(accepted, key=lambda a: a["current_bid"]["amount"])["ends_at"]
            await asyncio.sleep(max(0.0, seconds_until(ends_at) - 0.7))
            top = max(a["current_bid"]["amount"] for a in accepted)
            late = await asyncio.gather(*(bid(s, aid, top + 200 + 100 * i, f"l{i}") for i, s in enumerate(sockets[:4])))
            late_acks = [a["data"] for a in late if a["type"] == "ack"]
            assert late_acks, late
            assert all(a["data"]["code"] == "bid_too_low" for a in late if a["type"] == "error"), late
            assert any(seconds_until(a["ends_at"]) > 1.0 for a in late_acks)  # extended past the old end
            accepted += late_acks
            assert (await next_of(sockets[0], "auction:extended"))["data"]["auction_id"] == aid

            best = max(accepted, key=lambda a: a["current_bid"]["amount"])

            # every socket on both processes hears the end once, with the highest valid bid
            for socket in [*sockets, host]:
                ended = (await next_of(socket, "auction:ended", timeout=10))["data"]
                assert (ended["winner"], ended["current_bid"]) == (best["leader"], best["current_bid"]), ended
            await asyncio.sleep(1.5)
            for socket in [*sockets, host]:
                assert not [f for f in socket.pending if f["type"] == "auction:ended"]
                while True:
                    try:
                        extra = await socket.recv(0.05)
                    except TimeoutError:
                        break
                    assert extra["type"] != "auction:ended", extra
            refused = await bid(sockets[5], aid, best["current_bid"]["amount"] + 10_000, "after")
            assert refused["data"]["code"] == "auction_ended"

            # the winner charged once: exactly one sale among all the bidders, completed at the final price
            settled = await outcome(api_one, seller, sid)
            assert (settled["outcome"], settled["final_price"]) == ("sold", best["current_bid"])
            assert settled["bids"] == len(accepted)
            sales = []
            for i, person in enumerate(people):
                items = (await apis[i % 2].http.get("/api/v1/transactions", headers=person.auth)).json()["items"]
                sales += [(person, t) for t in items]
            assert len(sales) == 1, sales
            buyer, sale = sales[0]
            assert (sale["status"], sale["price"], sale["product_id"]) == ("completed", best["current_bid"], product)
            me = (await api_one.http.get("/api/v1/users/me", headers=buyer.auth)).json()
            assert me["username"] == best["leader"]
            balance = (await api_two.http.get("/api/v1/payments/balance", headers=seller.auth)).json()
            assert balance == [{"currency": "EUR", "pending": 0, "available": sale["seller_payout"]["amount"],
                                "paid_out": 0}]  # fmt: skip


async def test_an_auction_ends_on_time_across_a_restart(
    postgres_url: str, redis_url: str, postgres_settings: object, tmp_path: Path
) -> None:
    env = environment(postgres_url, redis_url)
    with running_server(tmp_path, env) as base:
        address = base.removeprefix("http://")
        async with rest(address) as api, online(address, seller := await _person(address)) as _:
            sid, product = await live_auction_stream(api, seller)
            buyer = await bidder(api)
            async with online(address, buyer) as socket:
                assert (await ask(socket, "stream:join", {"stream_id": sid}, "j"))["type"] == "ack"
                auction = await start(api, seller, sid, product, duration_s=5)
                assert (await bid(socket, auction["auction_id"], 1500, "b"))["type"] == "ack"
    # every process is down when the auction's end comes; the next one to start ends it at once
    await asyncio.sleep(max(0.0, seconds_until(auction["ends_at"]) + 1))
    with running_server(tmp_path, env) as base:
        restarted = time.monotonic()
        async with rest(base.removeprefix("http://")) as api:
            settled = await outcome(api, seller, sid)
            assert time.monotonic() - restarted < 5
            assert (settled["outcome"], settled["final_price"], settled["status"]) == ("sold", eur(1500), "ended")
            items = (await api.http.get("/api/v1/transactions", headers=buyer.auth)).json()["items"]
            assert [(t["status"], t["price"]) for t in items] == [("completed", eur(1500))]


async def _person(address: str) -> Person:
    async with rest(address) as api:
        return await api.person()
